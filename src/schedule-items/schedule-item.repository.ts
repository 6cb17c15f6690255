import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { BaseRepository, KeysetPage, KeysetPosition } from '../database/base.repository';
import { sqlStateOf } from '../database/postgres-errors';
import { MAX_INSTANT_SPAN_MS, ScheduleItem, ScheduleItemVisibility } from './schedule-item.entity';
import { TimeWindow } from './schedule-window';

/**
 * SQLSTATE invalid_parameter_value, which AT TIME ZONE raises for a zone name
 * it does not know. Source: PostgreSQL documentation, appendix A.
 */
const INVALID_PARAMETER_VALUE = '22023';

export interface ScheduleItemScope {
  ownerId: string;
}

export interface ScheduleItemFilters {
  /** Keeps only items with one of these visibilities; every visibility when absent. */
  visibilities?: readonly ScheduleItemVisibility[];
}

export interface ScheduleItemPageRequest {
  limit: number;
  after?: KeysetPosition;
}

/** Ids of two live items of one owner whose times overlap; firstId < secondId. */
export interface OverlapPair {
  firstId: string;
  secondId: string;
}

export interface Instants {
  startsAt: Date;
  endsAt: Date;
}

/**
 * Schedule items, always narrowed to one owner. Every write must stamp
 * updated_at with the owner's sync clock (SyncClockRepository.tick), which
 * the sync feed relies on, so callers pass that stamp in.
 */
@Injectable()
export class ScheduleItemRepository extends BaseRepository<ScheduleItem, ScheduleItemScope> {
  constructor() {
    super(ScheduleItem);
  }

  /**
   * Lists live items that overlap the half-open window [from, to), ordered by
   * startsAt, then id. ix_schedule_items_owner_id_starts_at_id_ends_at serves it,
   * and a visibility filter is checked on the table rows that the index range returns.
   */
  listByDateRange(
    manager: EntityManager,
    scope: ScheduleItemScope,
    from: Date,
    to: Date,
    page: ScheduleItemPageRequest,
    filters: ScheduleItemFilters = {},
  ): Promise<KeysetPage<ScheduleItem>> {
    return this.list(manager, scope, {
      sort: { property: 'startsAt', direction: 'ASC' },
      limit: page.limit,
      after: page.after,
      filter: (query, alias) => {
        applyWindow(query, alias, { from, to });
        if (filters.visibilities !== undefined) {
          query.andWhere(`${alias}.visibility IN (:...visibilities)`, {
            visibilities: filters.visibilities,
          });
        }
      },
    });
  }

  /**
   * Lists the window's changes for sync, ordered by updatedAt, then id.
   * Without since, these are the items that overlap the window. With since,
   * they are the items changed after since that overlap the window now or
   * that a move after since took out of it, each as it is now. A move is
   * stamped with the updatedAt of its write, so every item returned has
   * updatedAt > since, and keyset pages on (updatedAt, id) return it once.
   * Deleted items are included only when includeDeleted is true.
   */
  listChangesInRange(
    manager: EntityManager,
    scope: ScheduleItemScope,
    window: TimeWindow,
    changes: { since?: Date; includeDeleted: boolean },
    page: ScheduleItemPageRequest,
  ): Promise<KeysetPage<ScheduleItem>> {
    const { since } = changes;
    const query = {
      sort: { property: 'updatedAt', direction: 'ASC' } as const,
      limit: page.limit,
      after: page.after,
      filter: (builder: SelectQueryBuilder<ScheduleItem>, alias: string) => {
        if (since === undefined) {
          applyWindow(builder, alias, window);
          return;
        }
        builder.andWhere(`${alias}.updatedAt > :since`, { since });
        applyWindowOrMovedOut(builder, alias, window, scope.ownerId, since);
      },
    };
    return changes.includeDeleted
      ? this.listIncludingDeleted(manager, scope, query)
      : this.list(manager, scope, query);
  }

  /**
   * Returns up to limit pairs of live items that overlap each other, both
   * overlapping the window, ordered by the instant their overlap begins,
   * then by the two ids. A self-join on the owner's window rows finds them.
   */
  async listOverlapPairs(
    manager: EntityManager,
    scope: ScheduleItemScope,
    window: TimeWindow,
    limit: number,
  ): Promise<OverlapPair[]> {
    const rows: { first_id: string; second_id: string }[] = await this.run('listOverlapPairs', () =>
      manager.query(
        `WITH in_window AS (
           SELECT id, starts_at, ends_at FROM schedule_items
           WHERE owner_id = $1 AND deleted_at IS NULL
             AND starts_at > $2 AND starts_at < $4 AND ends_at > $3
         )
         SELECT first.id AS first_id, second.id AS second_id
         FROM in_window AS first
         JOIN in_window AS second
           ON first.id < second.id
          AND second.starts_at < first.ends_at
          AND first.starts_at < second.ends_at
         ORDER BY GREATEST(first.starts_at, second.starts_at), first.id, second.id
         LIMIT $5`,
        [scope.ownerId, scanStartOf(window), window.from, window.to, limit],
      ),
    );
    return rows.map((row) => ({ firstId: row.first_id, secondId: row.second_id }));
  }

  /** Returns the owner's live items with these ids, in no particular order. */
  findLiveByIds(
    manager: EntityManager,
    scope: ScheduleItemScope,
    ids: string[],
  ): Promise<ScheduleItem[]> {
    if (ids.length === 0) {
      return Promise.resolve([]);
    }
    return this.run('findLiveByIds', () =>
      this.select(manager, scope, { live: true })
        .andWhere('row.id IN (:...ids)', { ids })
        .getMany(),
    );
  }

  /**
   * Returns the instants of local midnight that start startDate and endDate
   * in the IANA time zone, so a day lasts 23 or 25 hours across a daylight
   * saving change. PostgreSQL reads a midnight that a forward change skips
   * in the offset before the change. Returns null when PostgreSQL's time zone
   * data lacks the zone, although ICU in Node.js accepted it. The failed
   * statement leaves the transaction aborted, so the caller must raise.
   */
  async localMidnights(
    manager: EntityManager,
    timeZone: string,
    startDate: string,
    endDate: string,
  ): Promise<Instants | null> {
    try {
      const rows: { starts_at: Date; ends_at: Date }[] = await manager.query(
        `SELECT (CAST($1 AS date)::timestamp AT TIME ZONE $3) AS starts_at,
                (CAST($2 AS date)::timestamp AT TIME ZONE $3) AS ends_at`,
        [startDate, endDate, timeZone],
      );
      const row = rows[0];
      if (row === undefined) {
        throw new Error('The local midnight query returned no row.');
      }
      return { startsAt: row.starts_at, endsAt: row.ends_at };
    } catch (error) {
      if (sqlStateOf(error) === INVALID_PARAMETER_VALUE) {
        this.logger.debug({ timeZone }, 'PostgreSQL does not know the time zone');
        return null;
      }
      this.logger.error({ err: error, operation: 'localMidnights' }, 'Database statement failed');
      throw error;
    }
  }
}

/**
 * Returns the exclusive lower bound of starts_at for items that overlap the window.
 * No row spans more than MAX_INSTANT_SPAN_MS (chk_schedule_items_max_duration),
 * so an item with ends_at > from starts after from - MAX_INSTANT_SPAN_MS. The
 * bound is computed in milliseconds, because subtracting an interval of days
 * from a timestamptz in SQL follows the session time zone's calendar.
 */
function scanStartOf(window: TimeWindow): Date {
  return new Date(window.from.getTime() - MAX_INSTANT_SPAN_MS);
}

/** Keeps items that overlap [from, to): starts_at < to AND ends_at > from. */
function applyWindow(
  query: SelectQueryBuilder<ScheduleItem>,
  alias: string,
  window: TimeWindow,
): void {
  query.andWhere(overlapConditionOf(alias), windowParametersOf(window));
}

/**
 * Keeps items that overlap the window now, or that a move recorded after
 * since took out of a range that overlapped it. The IN subquery does not
 * depend on the row, so PostgreSQL runs it once and, while its ids fit in
 * work_mem, probes them as a hash table (a hashed SubPlan).
 */
function applyWindowOrMovedOut(
  query: SelectQueryBuilder<ScheduleItem>,
  alias: string,
  window: TimeWindow,
  ownerId: string,
  since: Date,
): void {
  query.andWhere(
    `((${overlapConditionOf(alias)}) OR ${alias}.id IN (
       SELECT moved.schedule_item_id FROM schedule_item_moves moved
       WHERE moved.owner_id = :movedOwnerId AND moved.moved_at > :movedSince
         AND moved.starts_at < :windowTo AND moved.ends_at > :windowFrom))`,
    { ...windowParametersOf(window), movedOwnerId: ownerId, movedSince: since },
  );
}

function overlapConditionOf(alias: string): string {
  return `${alias}.startsAt > :scanStart AND ${alias}.startsAt < :windowTo AND ${alias}.endsAt > :windowFrom`;
}

function windowParametersOf(window: TimeWindow): Record<string, Date> {
  return { scanStart: scanStartOf(window), windowTo: window.to, windowFrom: window.from };
}

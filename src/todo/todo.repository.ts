import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  BaseRepository,
  KeysetPage,
  KeysetPosition,
  KeysetSort,
} from '../database/base.repository';
import { escapeLikePattern } from '../profile/profile.repository';
import { Todo, TodoVisibility } from './todo.entity';

export interface TodoScope {
  ownerId: string;
}

export interface TodoFilters {
  completed?: boolean;
  /** Inclusive lower bound of the due window. */
  dueFrom?: Date;
  /** Exclusive upper bound of the due window. */
  dueTo?: Date;
  /** IANA time zone in which a dueDate day starts and ends. */
  dueDateTimeZone: string;
  /** Text the title contains, compared case-insensitively and literally. */
  titleContains?: string;
  visibility?: TodoVisibility;
}

export interface TodoPageRequest {
  limit: number;
  after?: KeysetPosition;
}

/**
 * Todos, always narrowed to one owner. Every write must stamp updated_at
 * with the owner's sync clock (SyncClockRepository.tick), which the sync
 * feed relies on, so callers pass that stamp in.
 */
@Injectable()
export class TodoRepository extends BaseRepository<Todo, TodoScope> {
  constructor() {
    super(Todo);
  }

  /** Lists live todos that pass the filters, in keyset order of the sort. */
  listLive(
    manager: EntityManager,
    scope: TodoScope,
    sort: KeysetSort<Todo>,
    filters: TodoFilters,
    page: TodoPageRequest,
  ): Promise<KeysetPage<Todo>> {
    return this.list(manager, scope, {
      sort,
      limit: page.limit,
      after: page.after,
      where: filters.visibility === undefined ? {} : { visibility: filters.visibility },
      filter: (query, alias) => applyFilters(query, alias, filters),
    });
  }

  /**
   * Lists todos changed after an instant, oldest change first, for sync.
   * Deleted todos are included only when includeDeleted is true.
   */
  listChanges(
    manager: EntityManager,
    scope: TodoScope,
    changes: { since?: Date; includeDeleted: boolean },
    page: TodoPageRequest,
  ): Promise<KeysetPage<Todo>> {
    const query = {
      sort: { property: 'updatedAt', direction: 'ASC' } as const,
      limit: page.limit,
      after: page.after,
      filter: (builder: SelectQueryBuilder<Todo>, alias: string) => {
        if (changes.since !== undefined) {
          builder.andWhere(`${alias}.updatedAt > :since`, { since: changes.since });
        }
      },
    };
    return changes.includeDeleted
      ? this.listIncludingDeleted(manager, scope, query)
      : this.list(manager, scope, query);
  }
}

function applyFilters(query: SelectQueryBuilder<Todo>, alias: string, filters: TodoFilters): void {
  if (filters.completed !== undefined) {
    query.andWhere(
      filters.completed ? `${alias}.completedAt IS NOT NULL` : `${alias}.completedAt IS NULL`,
    );
  }
  if (filters.titleContains !== undefined) {
    query.andWhere(`${alias}.title ILIKE :titlePattern`, {
      titlePattern: `%${escapeLikePattern(filters.titleContains)}%`,
    });
  }
  if (filters.dueFrom !== undefined || filters.dueTo !== undefined) {
    applyDueWindow(query, alias, filters);
  }
}

/**
 * Keeps todos due in [dueFrom, dueTo). A dueAt instant must fall inside the
 * window. A dueDate covers its whole day in the given time zone, so it
 * matches when that day overlaps the window.
 */
function applyDueWindow(
  query: SelectQueryBuilder<Todo>,
  alias: string,
  filters: TodoFilters,
): void {
  // CAST, not ::, because TypeORM maps alias.property to a column only before a space, comma or bracket.
  const dayStart = `(CAST(${alias}.dueDate AS timestamp) AT TIME ZONE :dueTimeZone)`;
  const dayEnd = `(CAST(${alias}.dueDate + 1 AS timestamp) AT TIME ZONE :dueTimeZone)`;
  const instantConditions: string[] = [];
  const dayConditions: string[] = [`${alias}.dueDate IS NOT NULL`];

  if (filters.dueFrom !== undefined) {
    instantConditions.push(`${alias}.dueAt >= :dueFrom`);
    dayConditions.push(`${dayEnd} > :dueFrom`);
  }
  if (filters.dueTo !== undefined) {
    instantConditions.push(`${alias}.dueAt < :dueTo`);
    dayConditions.push(`${dayStart} < :dueTo`);
  }

  query.andWhere(`((${instantConditions.join(' AND ')}) OR (${dayConditions.join(' AND ')}))`, {
    dueFrom: filters.dueFrom,
    dueTo: filters.dueTo,
    dueTimeZone: filters.dueDateTimeZone,
  });
}

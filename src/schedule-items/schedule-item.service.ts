import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { IfMatch } from '../common/http/entity-tag';
import { idempotentRequest, IdempotencyService } from '../common/idempotency/idempotency.service';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { SyncClockRepository } from '../common/sync/sync-clock.repository';
import { SyncedResourceWrites } from '../common/sync/synced-resource-writes';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { ProfileRepository } from '../profile/profile.repository';
import { CreateScheduleItemDto } from './dto/create-schedule-item.dto';
import { ListScheduleItemsQueryDto } from './dto/list-schedule-items.dto';
import { ScheduleItemResponseDto } from './dto/schedule-item-response.dto';
import { UpdateScheduleItemDto } from './dto/update-schedule-item.dto';
import { SCHEDULE_ITEM_CONSTRAINT_ERRORS, ScheduleItemErrors } from './schedule-item-errors';
import { assertCursorIsInstant, resolveListRequest } from './schedule-item-list-request';
import { draftOfCreate, draftOfUpdate, resolveTiming, Timing } from './schedule-item-timing';
import { ScheduleItemMoveRepository } from './schedule-item-move.repository';
import { ScheduleItem } from './schedule-item.entity';
import { ScheduleItemRepository } from './schedule-item.repository';

/** The sync clock collection of schedule items. */
export const SCHEDULE_ITEM_COLLECTION = 'schedule_items';

const CREATE_OPERATION = 'POST /v1/schedule-items';

/** The columns that place an item in time. */
type TimeColumns = Pick<ScheduleItem, 'allDay' | 'startsAt' | 'endsAt' | 'startDate' | 'endDate'>;

export interface ScheduleItemPage {
  /** Live items, and deleted ones only in a sync with includeDeleted. */
  items: ScheduleItem[];
  nextCursor: string | null;
}

/**
 * Schedule items of the calling user. Every write first advances the owner's
 * sync clock, which also makes the owner's item writes run one at a time, so
 * no concurrent change can slip between a read and the write that follows it
 * in one transaction.
 */
@Injectable()
export class ScheduleItemService {
  private readonly logger = new Logger(ScheduleItemService.name);

  private readonly writes: SyncedResourceWrites<ScheduleItem>;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly items: ScheduleItemRepository,
    private readonly moves: ScheduleItemMoveRepository,
    private readonly clock: SyncClockRepository,
    private readonly profiles: ProfileRepository,
    private readonly idempotency: IdempotencyService,
  ) {
    this.writes = new SyncedResourceWrites(
      items,
      clock,
      SCHEDULE_ITEM_COLLECTION,
      ScheduleItemErrors,
    );
  }

  /**
   * Creates an item and returns its response body. With an Idempotency-Key
   * the body is stored with the key, and a repeat returns that first body, so
   * the service returns the response rather than the entity.
   */
  async create(
    ownerId: string,
    input: CreateScheduleItemDto,
    idempotencyKey: string | undefined,
  ): Promise<ScheduleItemResponseDto> {
    const timing = resolveTiming(draftOfCreate(input));
    const request =
      idempotencyKey === undefined
        ? undefined
        : idempotentRequest(idempotencyKey, CREATE_OPERATION, input);

    return this.transactions.run(
      async (manager) => {
        if (request !== undefined) {
          const replay = await this.idempotency.begin(manager, ownerId, request);
          if (replay !== null) {
            return replay.body as ScheduleItemResponseDto;
          }
        }

        const stamp = await this.clock.tick(manager, ownerId, SCHEDULE_ITEM_COLLECTION);
        const timeZone = input.timeZone ?? (await this.profileTimeZoneOf(manager, ownerId));
        const item = await this.items.insert(manager, {
          ownerId,
          title: input.title,
          notes: input.notes ?? null,
          location: input.location ?? null,
          ...(await this.timeColumnsOf(manager, timing, timeZone)),
          timeZone,
          visibility: input.visibility,
          createdAt: stamp,
          updatedAt: stamp,
        });
        const response = ScheduleItemResponseDto.from(item);

        if (request !== undefined) {
          await this.idempotency.complete(manager, ownerId, request, {
            status: 201,
            body: response,
          });
        }
        return response;
      },
      { constraintErrors: SCHEDULE_ITEM_CONSTRAINT_ERRORS },
    );
  }

  async get(ownerId: string, id: string): Promise<ScheduleItem> {
    const item = await this.items.findById(this.transactions.manager, { ownerId }, id);
    if (item === null) {
      throw ScheduleItemErrors.notFound();
    }
    return item;
  }

  /** Lists the items that overlap the window, or in sync mode the window's changes. */
  async list(ownerId: string, query: ListScheduleItemsQueryDto): Promise<ScheduleItemPage> {
    const request = resolveListRequest(query);
    const after =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, request.fingerprint);
    if (after !== undefined) {
      assertCursorIsInstant(after);
    }

    const manager = this.transactions.manager;
    const scope = { ownerId };
    const page = { limit: query.limit, after };
    const result =
      request.mode === 'sync'
        ? await this.items.listChangesInRange(manager, scope, request.window, request, page)
        : await this.items.listByDateRange(
            manager,
            scope,
            request.window.from,
            request.window.to,
            page,
          );

    return {
      items: result.rows,
      nextCursor: result.next === null ? null : encodeCursor(result.next, request.fingerprint),
    };
  }

  /**
   * Applies the fields present in the update to a live item, after checking
   * If-Match. The merged item passes the same time validation as a new one.
   */
  async update(
    ownerId: string,
    id: string,
    input: UpdateScheduleItemDto,
    ifMatch: IfMatch | undefined,
  ): Promise<ScheduleItem> {
    return this.transactions.run(
      (manager) =>
        this.writes.update(
          manager,
          ownerId,
          id,
          ifMatch,
          (current, stamp) => this.changesOf(manager, current, input, stamp),
          (before, after, stamp) => this.recordMove(manager, before, after, stamp),
        ),
      { constraintErrors: SCHEDULE_ITEM_CONSTRAINT_ERRORS },
    );
  }

  /** Soft-deletes a live item after checking If-Match; a deleted one is not found. */
  async remove(ownerId: string, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    await this.transactions.run((manager) => this.writes.remove(manager, ownerId, id, ifMatch));
  }

  /** Undoes a soft delete; an item that is live or does not exist is not found. */
  async restore(ownerId: string, id: string): Promise<ScheduleItem> {
    return this.transactions.run((manager) => this.writes.restore(manager, ownerId, id));
  }

  /**
   * Soft-deletes all the owner's items and deletes their moves inside the
   * caller's transaction, for account deletion. The moves serve only the
   * owner's sync feed, which no one can read once the account is gone.
   */
  async deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<void> {
    const count = await this.writes.deleteAllOfOwner(manager, ownerId);
    const moves = await this.moves.deleteAllOfOwner(manager, ownerId);
    this.logger.debug(
      { ownerId, count, moves },
      'Schedule items of a deleted account soft-deleted and their moves deleted',
    );
  }

  /**
   * Records the range an item left when a write changed its startsAt or
   * endsAt, so that the sync feed of a window the item overlapped before can
   * report it.
   */
  private async recordMove(
    manager: EntityManager,
    before: ScheduleItem,
    after: ScheduleItem,
    stamp: Date,
  ): Promise<void> {
    const moved =
      before.startsAt.getTime() !== after.startsAt.getTime() ||
      before.endsAt.getTime() !== after.endsAt.getTime();
    if (!moved) {
      return;
    }
    await this.moves.insert(manager, {
      ownerId: before.ownerId,
      scheduleItemId: before.id,
      startsAt: before.startsAt,
      endsAt: before.endsAt,
      movedAt: stamp,
    });
  }

  /** Builds the UPDATE for the fields present, or returns undefined when none is. */
  private async changesOf(
    manager: EntityManager,
    current: ScheduleItem,
    input: UpdateScheduleItemDto,
    stamp: Date,
  ): Promise<QueryDeepPartialEntity<ScheduleItem> | undefined> {
    const present = Object.values(input).some((value) => value !== undefined);
    if (!present) {
      return undefined;
    }

    const timing = resolveTiming(draftOfUpdate(current, input));
    const timeZone = input.timeZone ?? current.timeZone;
    const changes: QueryDeepPartialEntity<ScheduleItem> = {
      updatedAt: stamp,
      timeZone,
      ...(keepsTimes(current, timing, timeZone)
        ? {}
        : await this.timeColumnsOf(manager, timing, timeZone)),
    };
    if (input.title !== undefined) {
      changes.title = input.title;
    }
    if (input.notes !== undefined) {
      changes.notes = input.notes;
    }
    if (input.location !== undefined) {
      changes.location = input.location;
    }
    if (input.visibility !== undefined) {
      changes.visibility = input.visibility;
    }
    return changes;
  }

  /** Computes the stored time columns; an all-day item's instants are local midnights in its zone. */
  private async timeColumnsOf(
    manager: EntityManager,
    timing: Timing,
    timeZone: string,
  ): Promise<TimeColumns> {
    if (!timing.allDay) {
      return { ...timing, startDate: null, endDate: null };
    }
    const instants = await this.items.localMidnights(
      manager,
      timeZone,
      timing.startDate,
      timing.endDate,
    );
    if (instants === null) {
      throw ScheduleItemErrors.unknownTimeZone(timeZone);
    }
    return { ...timing, ...instants };
  }

  /** Returns the owner's profile time zone, else UTC: the zone of an item created without one. */
  private async profileTimeZoneOf(manager: EntityManager, ownerId: string): Promise<string> {
    const profile = await this.profiles.findById(manager, UNSCOPED, ownerId);
    return profile?.timeZone ?? 'UTC';
  }
}

/** True when the update leaves the item's times as they are stored, so nothing needs recomputing. */
function keepsTimes(current: ScheduleItem, timing: Timing, timeZone: string): boolean {
  if (timing.allDay) {
    return (
      current.allDay &&
      current.startDate === timing.startDate &&
      current.endDate === timing.endDate &&
      current.timeZone === timeZone
    );
  }
  return (
    !current.allDay &&
    current.startsAt.getTime() === timing.startsAt.getTime() &&
    current.endsAt.getTime() === timing.endsAt.getTime()
  );
}

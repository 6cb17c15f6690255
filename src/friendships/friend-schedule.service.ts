import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, listFingerprint } from '../common/pagination/cursor';
import { TransactionRunner } from '../database/transaction-runner';
import { assertCursorIsInstant } from '../schedule-items/schedule-item-list-request';
import { ScheduleItemRepository } from '../schedule-items/schedule-item.repository';
import { resolveWindow } from '../schedule-items/schedule-window';
import {
  BusyScheduleItemDto,
  FriendScheduleItemDto,
  FriendScheduleQueryDto,
} from './dto/friend-schedule-item.dto';
import { FriendAccess } from './friend-access';

export interface FriendSchedulePage {
  data: (FriendScheduleItemDto | BusyScheduleItemDto)[];
  nextCursor: string | null;
}

/** Reads of an accepted friend's schedule: items with visibility friends or busy. */
@Injectable()
export class FriendScheduleService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly friendAccess: FriendAccess,
    private readonly items: ScheduleItemRepository,
  ) {}

  /**
   * Lists the friend's live items that overlap [from, to), ordered by
   * startsAt then id, as the owner's window list is. Private items are never
   * read, and busy ones lose every field but their times.
   */
  async list(
    viewerId: string,
    friendId: string,
    query: FriendScheduleQueryDto,
  ): Promise<FriendSchedulePage> {
    const window = resolveWindow(query);
    const fingerprint = listFingerprint({
      list: 'friend-schedule-items',
      friendId,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
    });
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, fingerprint);
    if (after !== undefined) {
      assertCursorIsInstant(after);
    }

    // One snapshot for the check and the list, so the page shows items as they
    // were at an instant when the two users were friends.
    const result = await this.transactions.run(
      async (manager) => {
        await this.friendAccess.assertFriends(manager, viewerId, friendId);

        return this.items.listByDateRange(
          manager,
          { ownerId: friendId },
          window.from,
          window.to,
          { limit: query.limit, after },
          { visibilities: ['friends', 'busy'] },
        );
      },
      { isolationLevel: 'REPEATABLE READ' },
    );

    return {
      data: result.rows.map((item) =>
        item.visibility === 'friends'
          ? FriendScheduleItemDto.from(item)
          : BusyScheduleItemDto.from(item),
      ),
      nextCursor: result.next === null ? null : encodeCursor(result.next, fingerprint),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor, listFingerprint } from '../common/pagination/cursor';
import { TransactionRunner } from '../database/transaction-runner';
import { TodoRepository } from '../todo/todo.repository';
import { FriendTodoDto } from './dto/friend-todo.dto';
import { FriendAccess } from './friend-access';
import { assertTimestampCursor } from './timestamp-cursor';

export interface FriendTodoPage {
  data: FriendTodoDto[];
  nextCursor: string | null;
}

/** Reads of an accepted friend's todos: the live ones with visibility friends. */
@Injectable()
export class FriendTodoService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly friendAccess: FriendAccess,
    private readonly todos: TodoRepository,
  ) {}

  /**
   * Lists the friend's shared todos newest first, as the owner's default
   * list sorts. Anyone who is not an accepted friend gets profile_not_found,
   * the same as for a missing user, so the route reveals nothing to them.
   */
  async list(
    viewerId: string,
    friendId: string,
    page: { limit: number; cursor?: string },
  ): Promise<FriendTodoPage> {
    const fingerprint = listFingerprint({ list: 'friend-todos', friendId });
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, fingerprint);
    if (after !== undefined) {
      assertTimestampCursor(after);
    }

    // One snapshot for the check and the list, so the page shows todos as they
    // were at an instant when the two users were friends.
    const result = await this.transactions.run(
      async (manager) => {
        await this.friendAccess.assertFriends(manager, viewerId, friendId);

        return this.todos.listLive(
          manager,
          { ownerId: friendId },
          { property: 'createdAt', direction: 'DESC' },
          { visibility: 'friends', dueDateTimeZone: 'UTC' },
          { limit: page.limit, after },
        );
      },
      { isolationLevel: 'REPEATABLE READ' },
    );

    return {
      data: result.rows.map((todo) => FriendTodoDto.from(todo)),
      nextCursor: result.next === null ? null : encodeCursor(result.next, fingerprint),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BaseRepository,
  KeysetPage,
  keysetPageOf,
  KeysetPosition,
} from '../database/base.repository';
import { EntityHydrator } from '../database/entity-hydrator';
import { runStatement } from '../database/run-statement';
import { Profile } from '../profile/profile.entity';
import {
  FRIENDSHIP_PREFIX,
  friendshipListSql,
  FriendshipSide,
  OTHER_PROFILE_PREFIX,
} from './friendship-list.statement';
import { Friendship, FriendshipStatus } from './friendship.entity';

/** The subset of a user's friendships that a list returns. */
export type FriendshipListFilter =
  | { status: 'accepted' }
  | { status: 'pending'; direction?: 'incoming' | 'outgoing' };

/**
 * SQL that matches rows of the pair (:firstUserId, :secondUserId) in either
 * direction, written with the expressions of uq_friendships_pair so that the
 * index serves it. Columns are qualified with the prefix, such as
 * 'friendship.', or bare in an UPDATE.
 */
function pairCondition(prefix: string): string {
  const pair = 'CAST(:firstUserId AS uuid), CAST(:secondUserId AS uuid)';
  return `LEAST(${prefix}requester_id, ${prefix}addressee_id) = LEAST(${pair})
    AND GREATEST(${prefix}requester_id, ${prefix}addressee_id) = GREATEST(${pair})`;
}

/**
 * Friendships and friend requests. A row belongs to two users, so there is
 * no scope column: every method names the user it acts for and matches
 * rows where that user is requester or addressee.
 */
@Injectable()
export class FriendshipRepository extends BaseRepository<Friendship> {
  constructor() {
    super(Friendship);
  }

  /** Returns the live row between two users in either direction, or null. */
  findLiveBetween(
    manager: EntityManager,
    firstUserId: string,
    secondUserId: string,
  ): Promise<Friendship | null> {
    return this.run('findLiveBetween', () =>
      manager
        .createQueryBuilder(Friendship, 'friendship')
        .where(pairCondition('friendship.'), { firstUserId, secondUserId })
        .andWhere('friendship.deleted_at IS NULL')
        .getOne(),
    );
  }

  /** Returns the live row with this id when the user is its requester or addressee, else null. */
  findForParticipant(
    manager: EntityManager,
    id: string,
    userId: string,
  ): Promise<Friendship | null> {
    return this.run('findForParticipant', () =>
      manager
        .createQueryBuilder(Friendship, 'friendship')
        .where('friendship.id = :id', { id })
        .andWhere('(friendship.requesterId = :userId OR friendship.addresseeId = :userId)', {
          userId,
        })
        .andWhere('friendship.deletedAt IS NULL')
        .getOne(),
    );
  }

  /**
   * Lists the user's live friendships newest first, each with the other
   * user's live profile as its requester or addressee.
   */
  async listForUser(
    manager: EntityManager,
    userId: string,
    filter: FriendshipListFilter,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<KeysetPage<Friendship>> {
    const sql = friendshipListSql(sidesOf(filter), page.after !== undefined);
    const parameters: unknown[] = [userId, filter.status, page.limit + 1];
    if (page.after !== undefined) {
      parameters.push(page.after.value, page.after.id);
    }

    const rows = await this.run('listForUser', () => runStatement(manager, sql, parameters));
    const friendshipHydrator = this.hydratorFor(manager);
    const profiles = EntityHydrator.of<Profile>(manager.connection.getMetadata(Profile));
    const friendships = rows.map((row) => {
      const friendship = friendshipHydrator.fromRow(row, FRIENDSHIP_PREFIX);
      const other = profiles.fromRow(row, OTHER_PROFILE_PREFIX);
      if (friendship.requesterId === userId) {
        friendship.addressee = other;
      } else {
        friendship.requester = other;
      }
      return friendship;
    });
    return keysetPageOf(friendships, page.limit, { property: 'createdAt', direction: 'DESC' });
  }

  /** True when the two users have a live accepted friendship. */
  areFriends(manager: EntityManager, firstUserId: string, secondUserId: string): Promise<boolean> {
    return this.run('areFriends', () =>
      manager
        .createQueryBuilder(Friendship, 'friendship')
        .where(pairCondition('friendship.'), { firstUserId, secondUserId })
        .andWhere('friendship.deleted_at IS NULL')
        .andWhere(`friendship.status = 'accepted'`)
        .getExists(),
    );
  }

  /** Soft-deletes the live rows of the pair that have one of the statuses, and returns how many. */
  async softDeleteBetween(
    manager: EntityManager,
    firstUserId: string,
    secondUserId: string,
    statuses: readonly FriendshipStatus[],
  ): Promise<number> {
    const result = await this.run('softDeleteBetween', () =>
      manager
        .createQueryBuilder()
        .update(Friendship)
        .set({ deletedAt: () => 'now()' })
        .where(pairCondition(''), { firstUserId, secondUserId })
        .andWhere('deleted_at IS NULL')
        .andWhere('status IN (:...statuses)', { statuses })
        .execute(),
    );
    return result.affected ?? 0;
  }

  /** Soft-deletes every live row the user is part of, and returns how many there were. */
  async softDeleteAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    const result = await this.run('softDeleteAllOfUser', () =>
      manager
        .createQueryBuilder()
        .update(Friendship)
        .set({ deletedAt: () => 'now()' })
        .where('(requester_id = :userId OR addressee_id = :userId)', { userId })
        .andWhere('deleted_at IS NULL')
        .execute(),
    );
    return result.affected ?? 0;
  }
}

/** Returns the sides of a friendship row the listing user may be on under this filter. */
function sidesOf(filter: FriendshipListFilter): FriendshipSide[] {
  if (filter.status === 'pending' && filter.direction === 'incoming') {
    return ['addressee'];
  }
  if (filter.status === 'pending' && filter.direction === 'outgoing') {
    return ['requester'];
  }
  return ['requester', 'addressee'];
}

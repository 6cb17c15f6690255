import { Injectable } from '@nestjs/common';
import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { BaseRepository, KeysetPage, KeysetPosition, UNSCOPED } from '../database/base.repository';
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
   * Lists the user's live friendships newest first, each with both live
   * profiles joined, so the caller can show the other user.
   */
  listForUser(
    manager: EntityManager,
    userId: string,
    filter: FriendshipListFilter,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<KeysetPage<Friendship>> {
    return this.list(manager, UNSCOPED, {
      sort: { property: 'createdAt', direction: 'DESC' },
      limit: page.limit,
      after: page.after,
      where: { status: filter.status },
      filter: (query, alias) => {
        query.andWhere(participantCondition(alias, filter), { userId });
        joinLiveProfiles(query, alias);
      },
    });
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

function participantCondition(alias: string, filter: FriendshipListFilter): string {
  const asRequester = `${alias}.requesterId = :userId`;
  const asAddressee = `${alias}.addresseeId = :userId`;

  if (filter.status === 'pending' && filter.direction === 'incoming') {
    return asAddressee;
  }
  if (filter.status === 'pending' && filter.direction === 'outgoing') {
    return asRequester;
  }
  return `(${asRequester} OR ${asAddressee})`;
}

/** Joins both profiles, each only while live, as joins must filter deleted rows in the join condition. */
function joinLiveProfiles(query: SelectQueryBuilder<Friendship>, alias: string): void {
  query
    .innerJoinAndSelect(`${alias}.requester`, 'requester', 'requester.deletedAt IS NULL')
    .innerJoinAndSelect(`${alias}.addressee`, 'addressee', 'addressee.deletedAt IS NULL');
}

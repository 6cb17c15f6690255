import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CommonErrors } from '../common/errors/common-errors';
import { IfMatch, ifMatchAllows } from '../common/http/entity-tag';
import { decodeCursor, encodeCursor, listFingerprint } from '../common/pagination/cursor';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { Profile } from '../profile/profile.entity';
import { BlockRepository } from './block.repository';
import { FriendshipResponseDto } from './dto/friendship-response.dto';
import { FriendshipErrors } from './friendship-errors';
import { Friendship } from './friendship.entity';
import { FriendshipListFilter, FriendshipRepository } from './friendship.repository';
import { ProfilePairLock } from './profile-pair-lock';
import { assertTimestampCursor } from './timestamp-cursor';

export interface FriendshipPage {
  data: FriendshipResponseDto[];
  nextCursor: string | null;
}

/**
 * Accepts, declines, ends and lists friendships. Writes lock the profile pair before
 * they read the row they change, the same lock that requests and blocks
 * take, so an accept racing a cancel or a block finds the other's outcome.
 *
 * The checks run in a fixed order: a caller who is not part of a live
 * friendship gets 404, then If-Match is checked (DELETE only), then the
 * state (409), then the caller's role (403).
 */
@Injectable()
export class FriendshipService {
  private readonly logger = new Logger(FriendshipService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly friendships: FriendshipRepository,
    private readonly blocks: BlockRepository,
    private readonly pairLock: ProfilePairLock,
  ) {}

  accept(userId: string, id: string): Promise<FriendshipResponseDto> {
    return this.respond(userId, id, 'accepted');
  }

  decline(userId: string, id: string): Promise<FriendshipResponseDto> {
    return this.respond(userId, id, 'declined');
  }

  /** Cancels a pending request (requester only) or ends an accepted friendship (either side). */
  async remove(userId: string, id: string, ifMatch: IfMatch | undefined): Promise<void> {
    await this.transactions.run(async (manager) => {
      const { friendship } = await this.lockForParticipant(manager, userId, id);
      if (!ifMatchAllows(ifMatch, friendship.version)) {
        throw CommonErrors.preconditionFailed();
      }
      if (friendship.status === 'declined') {
        throw FriendshipErrors.declined();
      }
      if (friendship.status === 'pending' && friendship.requesterId !== userId) {
        throw FriendshipErrors.requesterOnly();
      }

      await this.friendships.softDeleteById(manager, UNSCOPED, id);
      this.logger.debug(
        { friendshipId: id, userId, status: friendship.status },
        'Friendship ended',
      );
    });
  }

  async list(
    userId: string,
    filter: FriendshipListFilter,
    page: { limit: number; cursor?: string },
  ): Promise<FriendshipPage> {
    const fingerprint = listFingerprint({ list: 'friendships', ...filter });
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, fingerprint);
    if (after !== undefined) {
      assertTimestampCursor(after);
    }

    const result = await this.friendships.listForUser(this.transactions.manager, userId, filter, {
      limit: page.limit,
      after,
    });
    return {
      data: result.rows.map((friendship) =>
        FriendshipResponseDto.from(friendship, userId, joinedOtherProfile(friendship, userId)),
      ),
      nextCursor: result.next === null ? null : encodeCursor(result.next, fingerprint),
    };
  }

  /** Soft-deletes the user's friendships, requests and blocks, inside the account deletion transaction. */
  async deleteAllOfUser(manager: EntityManager, userId: string): Promise<void> {
    const friendships = await this.friendships.softDeleteAllOfUser(manager, userId);
    const blocks = await this.blocks.softDeleteAllOfUser(manager, userId);
    this.logger.debug({ userId, friendships, blocks }, 'Relationships of a deleted account ended');
  }

  private async respond(
    userId: string,
    id: string,
    status: 'accepted' | 'declined',
  ): Promise<FriendshipResponseDto> {
    return this.transactions.run(async (manager) => {
      const { friendship, other } = await this.lockForParticipant(manager, userId, id);
      if (friendship.status !== 'pending') {
        throw FriendshipErrors.notPending();
      }
      if (friendship.addresseeId !== userId) {
        throw FriendshipErrors.addresseeOnly();
      }

      const updated = await this.friendships.updateById(manager, UNSCOPED, id, {
        status,
        respondedAt: () => 'now()',
      });
      if (updated === null) {
        throw new Error(`Friendship ${id} vanished while its pair was locked.`);
      }
      this.logger.debug(
        { friendshipId: id, userId, status },
        'Friend request accepted or declined',
      );
      return FriendshipResponseDto.from(updated, userId, other);
    });
  }

  /**
   * Finds the caller's live friendship, locks its pair, and reads it again
   * under the lock, because a transaction that held the lock may have
   * changed or ended it meanwhile.
   */
  private async lockForParticipant(
    manager: EntityManager,
    userId: string,
    id: string,
  ): Promise<{ friendship: Friendship; other: Profile }> {
    const seen = await this.friendships.findForParticipant(manager, id, userId);
    if (seen === null) {
      throw FriendshipErrors.notFound();
    }

    const live = await this.pairLock.lockLiveProfiles(manager, seen.requesterId, seen.addresseeId);
    const friendship = await this.friendships.findForParticipant(manager, id, userId);
    const other = live.get(otherUserId(seen, userId));
    if (friendship === null || other === undefined || !live.has(userId)) {
      throw FriendshipErrors.notFound();
    }
    return { friendship, other };
  }
}

function otherUserId(friendship: Friendship, userId: string): string {
  return friendship.requesterId === userId ? friendship.addresseeId : friendship.requesterId;
}

function joinedOtherProfile(friendship: Friendship, userId: string): Profile {
  const other = friendship.requesterId === userId ? friendship.addressee : friendship.requester;
  if (other === undefined) {
    throw new Error(`Friendship ${friendship.id} was listed without the other user's profile.`);
  }
  return other;
}

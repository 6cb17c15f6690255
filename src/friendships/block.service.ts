import { Injectable, Logger } from '@nestjs/common';
import { decodeCursor, encodeCursor, listFingerprint } from '../common/pagination/cursor';
import { TransactionRunner } from '../database/transaction-runner';
import { BlockRepository } from './block.repository';
import { BlockResponseDto, BlockedProfileDto } from './dto/block-response.dto';
import { FRIENDSHIP_CONSTRAINT_ERRORS, FriendshipErrors } from './friendship-errors';
import { FriendshipRepository } from './friendship.repository';
import { ProfilePairLock } from './profile-pair-lock';
import { assertTimestampCursor } from './timestamp-cursor';

/** 201 for a new block, 200 when the block was already in place. */
export interface BlockOutcome {
  status: 200 | 201;
  body: BlockResponseDto;
}

export interface BlockPage {
  data: BlockedProfileDto[];
  nextCursor: string | null;
}

/**
 * Blocks and unblocks. A block takes the profile pair lock that friend
 * requests take, so a request racing a block either ends before the block
 * and is ended by it, or starts after it and finds the block.
 */
@Injectable()
export class BlockService {
  private readonly logger = new Logger(BlockService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly blocks: BlockRepository,
    private readonly friendships: FriendshipRepository,
    private readonly pairLock: ProfilePairLock,
  ) {}

  /**
   * Blocks the user and ends any pending request or friendship between the
   * two. Idempotent: blocking again returns the existing block with 200. A
   * declined request is kept, so that blocking and unblocking cannot cut
   * short the requester's cooldown.
   */
  async block(blockerId: string, blockedId: string): Promise<BlockOutcome> {
    if (blockerId === blockedId) {
      throw FriendshipErrors.cannotBlockSelf();
    }

    return this.transactions.run(
      async (manager) => {
        const live = await this.pairLock.lockLiveProfiles(manager, blockerId, blockedId);
        if (!live.has(blockedId) || !live.has(blockerId)) {
          throw FriendshipErrors.profileNotFound();
        }

        const existing = await this.blocks.findOne(manager, { blockerId }, { blockedId });
        if (existing !== null) {
          return { status: 200, body: BlockResponseDto.from(existing) };
        }

        const block = await this.blocks.insert(manager, { blockerId, blockedId });
        const ended = await this.friendships.softDeleteBetween(manager, blockerId, blockedId, [
          'pending',
          'accepted',
        ]);
        this.logger.debug({ blockerId, blockedId, endedFriendships: ended }, 'User blocked');
        return { status: 201, body: BlockResponseDto.from(block) };
      },
      { constraintErrors: FRIENDSHIP_CONSTRAINT_ERRORS },
    );
  }

  /** Lifts the block if there is one; unblocking a user who is not blocked changes nothing. */
  async unblock(blockerId: string, blockedId: string): Promise<void> {
    const lifted = await this.transactions.run((manager) =>
      this.blocks.unblock(manager, { blockerId }, blockedId),
    );
    this.logger.debug({ blockerId, blockedId, lifted }, 'Unblock requested');
  }

  async list(blockerId: string, page: { limit: number; cursor?: string }): Promise<BlockPage> {
    const fingerprint = listFingerprint({ list: 'blocks' });
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, fingerprint);
    if (after !== undefined) {
      assertTimestampCursor(after);
    }

    const result = await this.blocks.listWithProfiles(
      this.transactions.manager,
      { blockerId },
      { limit: page.limit, after },
    );
    return {
      data: result.rows.map((block) => BlockedProfileDto.fromJoined(block)),
      nextCursor: result.next === null ? null : encodeCursor(result.next, fingerprint),
    };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { idempotentRequest, IdempotencyService } from '../common/idempotency/idempotency.service';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { Profile } from '../profile/profile.entity';
import { ProfileRepository } from '../profile/profile.repository';
import { BlockRepository } from './block.repository';
import { AddresseeReference } from './dto/create-friendship.dto';
import { FriendshipResponseDto } from './dto/friendship-response.dto';
import { FRIENDSHIP_CONSTRAINT_ERRORS, FriendshipErrors } from './friendship-errors';
import { Friendship } from './friendship.entity';
import { FriendshipRepository } from './friendship.repository';
import { ProfilePairLock } from './profile-pair-lock';

/** How long after a decline the requester must wait before asking the same user again. */
export const FRIEND_REQUEST_COOLDOWN_MS = 24 * 60 * 60 * 1000;

const CREATE_OPERATION = 'POST /v1/friendships';

/** 201 with a new pending request, or 200 when the addressee's own request was accepted. */
export interface FriendRequestOutcome {
  status: 200 | 201;
  body: FriendshipResponseDto;
}

/**
 * Sends friend requests. Every decision runs under the profile pair lock, so
 * requests in both directions, blocks, accepts and declines on the same
 * pair take turns, whichever API process serves them. Two crossing requests therefore
 * end as one accepted friendship: the second finds the first and accepts it.
 */
@Injectable()
export class FriendRequestService {
  private readonly logger = new Logger(FriendRequestService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly friendships: FriendshipRepository,
    private readonly blocks: BlockRepository,
    private readonly profiles: ProfileRepository,
    private readonly pairLock: ProfilePairLock,
    private readonly idempotency: IdempotencyService,
  ) {}

  /**
   * Sends a request, or accepts the addressee's pending request to the
   * caller. With an Idempotency-Key, a repeat returns the first outcome.
   */
  async request(
    requesterId: string,
    addressee: AddresseeReference,
    idempotencyKey: string | undefined,
  ): Promise<FriendRequestOutcome> {
    const request =
      idempotencyKey === undefined
        ? undefined
        : idempotentRequest(idempotencyKey, CREATE_OPERATION, addressee);

    return this.transactions.run(
      async (manager) => {
        if (request !== undefined) {
          const replay = await this.idempotency.begin(manager, requesterId, request);
          if (replay !== null) {
            return replay as FriendRequestOutcome;
          }
        }

        const addresseeId = await this.resolveAddressee(manager, requesterId, addressee);
        const outcome = await this.requestUnderLock(manager, requesterId, addresseeId);

        if (request !== undefined) {
          await this.idempotency.complete(manager, requesterId, request, outcome);
        }
        return outcome;
      },
      { constraintErrors: FRIENDSHIP_CONSTRAINT_ERRORS },
    );
  }

  private async resolveAddressee(
    manager: EntityManager,
    requesterId: string,
    addressee: AddresseeReference,
  ): Promise<string> {
    let addresseeId: string;
    if ('userId' in addressee) {
      addresseeId = addressee.userId;
    } else {
      const profile = await this.profiles.findOne(manager, UNSCOPED, {
        username: addressee.username,
      });
      if (profile === null) {
        throw FriendshipErrors.profileNotFound();
      }
      addresseeId = profile.id;
    }

    if (addresseeId === requesterId) {
      throw FriendshipErrors.cannotBefriendSelf();
    }
    return addresseeId;
  }

  private async requestUnderLock(
    manager: EntityManager,
    requesterId: string,
    addresseeId: string,
  ): Promise<FriendRequestOutcome> {
    const live = await this.pairLock.lockLiveProfiles(manager, requesterId, addresseeId);
    const addressee = live.get(addresseeId);
    if (addressee === undefined || !live.has(requesterId)) {
      throw FriendshipErrors.profileNotFound();
    }
    if (await this.blocks.existsEitherWay(manager, requesterId, addresseeId)) {
      throw FriendshipErrors.profileNotFound();
    }

    const existing = await this.friendships.findLiveBetween(manager, requesterId, addresseeId);
    if (existing === null) {
      return this.insertPending(manager, requesterId, addressee);
    }

    switch (existing.status) {
      case 'accepted':
        throw FriendshipErrors.exists();
      case 'pending':
        if (existing.requesterId === requesterId) {
          throw FriendshipErrors.exists();
        }
        return this.acceptCrossingRequest(manager, requesterId, existing, addressee);
      case 'declined':
        if (existing.requesterId === requesterId) {
          assertCooldownOver(existing);
        }
        // The new request replaces the declined one, which only kept the cooldown.
        await this.friendships.softDeleteById(manager, UNSCOPED, existing.id);
        return this.insertPending(manager, requesterId, addressee);
    }
  }

  private async insertPending(
    manager: EntityManager,
    requesterId: string,
    addressee: Profile,
  ): Promise<FriendRequestOutcome> {
    const friendship = await this.friendships.insert(manager, {
      requesterId,
      addresseeId: addressee.id,
      status: 'pending',
    });
    this.logger.debug({ friendshipId: friendship.id, requesterId }, 'Friend request sent');
    return { status: 201, body: FriendshipResponseDto.from(friendship, requesterId, addressee) };
  }

  /** The addressee of a pending request asked the requester in turn, which means yes. */
  private async acceptCrossingRequest(
    manager: EntityManager,
    callerId: string,
    pending: Friendship,
    other: Profile,
  ): Promise<FriendRequestOutcome> {
    const accepted = await this.friendships.updateById(manager, UNSCOPED, pending.id, {
      status: 'accepted',
      respondedAt: () => 'now()',
    });
    if (accepted === null) {
      // The pair lock keeps the row from changing since it was read.
      throw new Error(`Friendship ${pending.id} vanished while its pair was locked.`);
    }
    this.logger.debug({ friendshipId: pending.id, callerId }, 'Crossing friend request accepted');
    return { status: 200, body: FriendshipResponseDto.from(accepted, callerId, other) };
  }
}

/** Raises friend_request_cooldown while the decline is less than 24 hours old. */
function assertCooldownOver(declined: Friendship): void {
  // NOTE: responded_at comes from the database clock and is compared with this
  // process's clock, so a skew between the two shifts the end of the cooldown.
  const respondedAt = declined.respondedAt?.getTime() ?? 0;
  const remainingMs = respondedAt + FRIEND_REQUEST_COOLDOWN_MS - Date.now();
  if (remainingMs > 0) {
    throw FriendshipErrors.cooldown(Math.ceil(remainingMs / 1000));
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BlockRepository } from './block.repository';
import { FriendshipErrors } from './friendship-errors';
import { FriendshipRepository } from './friendship.repository';

/** The check that every read of a friend's data passes first. */
@Injectable()
export class FriendAccess {
  constructor(
    private readonly friendships: FriendshipRepository,
    private readonly blocks: BlockRepository,
  ) {}

  /**
   * Raises profile_not_found unless the two users have a live accepted
   * friendship and neither blocks the other. The viewer's own id, a deleted
   * account and a missing one get the same error, so the route reveals
   * nothing to a user who is not a friend.
   */
  async assertFriends(manager: EntityManager, viewerId: string, friendId: string): Promise<void> {
    const isFriend =
      viewerId !== friendId &&
      (await this.friendships.areFriends(manager, viewerId, friendId)) &&
      !(await this.blocks.existsEitherWay(manager, viewerId, friendId));
    if (!isFriend) {
      throw FriendshipErrors.profileNotFound();
    }
  }
}

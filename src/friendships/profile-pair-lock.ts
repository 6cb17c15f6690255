import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sqlStateOf } from '../database/postgres-errors';
import { Profile } from '../profile/profile.entity';

/**
 * The lock that every write to the relationship of two users takes first:
 * friend requests, accepts, declines, unfriending and blocks. It row-locks both live
 * profiles in id order, so two transactions on the same pair run one after
 * the other, in any API process, and cannot deadlock on each other.
 *
 * FOR NO KEY UPDATE conflicts with itself and with account deletion, which
 * updates the profile row, but not with the FOR KEY SHARE locks that
 * foreign-key checks take, so inserts of todos and other rows that
 * reference the profile do not wait.
 */
@Injectable()
export class ProfilePairLock {
  private readonly logger = new Logger(ProfilePairLock.name);

  /**
   * Locks the profiles of both users until the transaction ends and returns
   * those that are live. A profile deleted by a transaction that committed
   * while this one waited is left out.
   */
  async lockLiveProfiles(
    manager: EntityManager,
    firstUserId: string,
    secondUserId: string,
  ): Promise<Map<string, Profile>> {
    try {
      const profiles = await manager
        .createQueryBuilder(Profile, 'profile')
        .where('profile.id IN (:...ids)', { ids: [firstUserId, secondUserId] })
        .andWhere('profile.deletedAt IS NULL')
        .orderBy('profile.id', 'ASC')
        .setLock('for_no_key_update')
        .getMany();
      return new Map(profiles.map((profile) => [profile.id, profile]));
    } catch (error) {
      this.logger.error(
        { err: error, firstUserId, secondUserId, sqlState: sqlStateOf(error) },
        'Locking a profile pair failed',
      );
      throw error;
    }
  }
}

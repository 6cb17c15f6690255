import { Injectable, Logger } from '@nestjs/common';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { decodeCursor, encodeCursor, listFingerprint } from '../common/pagination/cursor';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { Profile } from './profile.entity';
import { PROFILE_CONSTRAINT_ERRORS, ProfileErrors } from './profile-errors';
import { ProfileRepository } from './profile.repository';

export interface ProfilePage {
  profiles: Profile[];
  nextCursor: string | null;
}

@Injectable()
export class ProfileService {
  private readonly logger = new Logger(ProfileService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly profiles: ProfileRepository,
    private readonly accountDeletion: AccountDeletionRegistry,
  ) {}

  async getOwn(userId: string): Promise<Profile> {
    const profile = await this.profiles.findById(this.transactions.manager, UNSCOPED, userId);
    if (profile === null) {
      throw ProfileErrors.notFound();
    }
    return profile;
  }

  /** Applies the fields present in the update; an empty update returns the profile unchanged. */
  async updateOwn(userId: string, update: UpdateProfileDto): Promise<Profile> {
    const changes = Object.fromEntries(
      Object.entries(update).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length === 0) {
      return this.getOwn(userId);
    }

    const profile = await this.transactions.run(
      (manager) => this.profiles.updateById(manager, UNSCOPED, userId, changes),
      {
        constraintErrors: PROFILE_CONSTRAINT_ERRORS,
      },
    );
    if (profile === null) {
      throw ProfileErrors.notFound();
    }
    return profile;
  }

  /** Soft-deletes everything the account owns and revokes its sessions, all in one transaction. */
  async deleteOwnAccount(userId: string): Promise<void> {
    await this.transactions.run((manager) => this.accountDeletion.deleteAccount(manager, userId));
    this.logger.log({ userId }, 'Account deleted');
  }

  /** Returns a live profile; one whose user blocked the viewer is not found, like a missing one. */
  async getPublic(viewerId: string, profileId: string): Promise<Profile> {
    const profile = await this.profiles.findVisibleById(
      this.transactions.manager,
      viewerId,
      profileId,
    );
    if (profile === null) {
      throw ProfileErrors.notFound();
    }
    return profile;
  }

  /** Searches live profiles by prefix, leaving out users who blocked the viewer. */
  async search(
    viewerId: string,
    prefix: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<ProfilePage> {
    const fingerprint = listFingerprint({ list: 'profiles', prefix: prefix.toLowerCase() });
    const after = cursor === undefined ? undefined : decodeCursor(cursor, fingerprint);

    const page = await this.profiles.search(
      this.transactions.manager,
      prefix,
      { limit, after },
      viewerId,
    );
    return {
      profiles: page.rows,
      nextCursor: page.next === null ? null : encodeCursor(page.next, fingerprint),
    };
  }
}

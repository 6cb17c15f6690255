import { Module, OnModuleInit } from '@nestjs/common';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { UNSCOPED } from '../database/base.repository';
import { ProfileController } from './profile.controller';
import { ProfileRepository } from './profile.repository';
import { ProfileService } from './profile.service';

@Module({
  controllers: [ProfileController],
  providers: [ProfileService, ProfileRepository],
  exports: [ProfileRepository],
})
export class ProfileModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly profiles: ProfileRepository,
  ) {}

  onModuleInit(): void {
    this.accountDeletion.register('profile', async (manager, userId) => {
      await this.profiles.softDeleteById(manager, UNSCOPED, userId);
    });
  }
}

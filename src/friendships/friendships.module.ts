import { Module, OnModuleInit } from '@nestjs/common';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { ResponseStatusInterceptor } from '../common/http/response-status.interceptor';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { ProfileModule } from '../profile/profile.module';
import { ScheduleItemsModule } from '../schedule-items/schedule-items.module';
import { TodoModule } from '../todo/todo.module';
import { BlockController } from './block.controller';
import { BlockRepository } from './block.repository';
import { BlockService } from './block.service';
import { FriendAccess } from './friend-access';
import { FriendRequestService } from './friend-request.service';
import { FriendScheduleController } from './friend-schedule.controller';
import { FriendScheduleService } from './friend-schedule.service';
import { FriendTodoController } from './friend-todo.controller';
import { FriendTodoService } from './friend-todo.service';
import { FriendshipController } from './friendship.controller';
import { FriendshipRepository } from './friendship.repository';
import { FriendshipService } from './friendship.service';
import { ProfilePairLock } from './profile-pair-lock';
import { RelationshipController } from './relationship.controller';
import { RelationshipRepository } from './relationship.repository';
import { RelationshipService } from './relationship.service';

/** Friend requests, friendships, blocks, and what friends see of each other. */
@Module({
  imports: [ProfileModule, TodoModule, ScheduleItemsModule, IdempotencyModule],
  controllers: [
    FriendshipController,
    BlockController,
    RelationshipController,
    FriendTodoController,
    FriendScheduleController,
  ],
  providers: [
    FriendRequestService,
    FriendshipService,
    BlockService,
    RelationshipService,
    FriendTodoService,
    FriendScheduleService,
    FriendAccess,
    FriendshipRepository,
    BlockRepository,
    RelationshipRepository,
    ProfilePairLock,
    ResponseStatusInterceptor,
  ],
})
export class FriendshipsModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly friendships: FriendshipService,
  ) {}

  onModuleInit(): void {
    this.accountDeletion.register('friendships', (manager, userId) =>
      this.friendships.deleteAllOfUser(manager, userId),
    );
  }
}

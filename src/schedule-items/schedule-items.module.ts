import { Module, OnModuleInit } from '@nestjs/common';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { SyncClockRepository } from '../common/sync/sync-clock.repository';
import { ProfileModule } from '../profile/profile.module';
import { ScheduleItemController } from './schedule-item.controller';
import { ScheduleItemMoveRepository } from './schedule-item-move.repository';
import { ScheduleItemRepository } from './schedule-item.repository';
import { ScheduleItemService } from './schedule-item.service';
import { ScheduleWindowController } from './schedule-window.controller';
import { ScheduleWindowService } from './schedule-window.service';

@Module({
  imports: [ProfileModule, IdempotencyModule],
  controllers: [ScheduleWindowController, ScheduleItemController],
  providers: [
    ScheduleItemService,
    ScheduleWindowService,
    ScheduleItemRepository,
    ScheduleItemMoveRepository,
    SyncClockRepository,
  ],
  exports: [ScheduleItemRepository],
})
export class ScheduleItemsModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly items: ScheduleItemService,
  ) {}

  onModuleInit(): void {
    this.accountDeletion.register('schedule-items', (manager, userId) =>
      this.items.deleteAllOfOwner(manager, userId),
    );
  }
}

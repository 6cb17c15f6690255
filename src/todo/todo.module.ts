import { Module, OnModuleInit } from '@nestjs/common';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { IdempotencyModule } from '../common/idempotency/idempotency.module';
import { SyncClockRepository } from '../common/sync/sync-clock.repository';
import { ProfileModule } from '../profile/profile.module';
import { TodoController } from './todo.controller';
import { TodoRepository } from './todo.repository';
import { TodoService } from './todo.service';

@Module({
  imports: [ProfileModule, IdempotencyModule],
  controllers: [TodoController],
  providers: [TodoService, TodoRepository, SyncClockRepository],
  exports: [TodoRepository],
})
export class TodoModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly todos: TodoService,
  ) {}

  onModuleInit(): void {
    this.accountDeletion.register('todos', (manager, userId) =>
      this.todos.deleteAllOfOwner(manager, userId),
    );
  }
}

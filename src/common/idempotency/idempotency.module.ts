import { Module, OnModuleInit } from '@nestjs/common';
import { AccountDeletionRegistry } from '../account-deletion';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { IdempotencyService } from './idempotency.service';

@Module({
  providers: [IdempotencyKeyRepository, IdempotencyService],
  exports: [IdempotencyService],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly idempotency: IdempotencyService,
  ) {}

  onModuleInit(): void {
    // Stored responses contain the user's data, so they go with the account.
    this.accountDeletion.register('idempotency', (manager, userId) =>
      this.idempotency.deleteAllOfOwner(manager, userId),
    );
  }
}

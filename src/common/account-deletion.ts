import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Soft-deletes or revokes what one module keeps for a user, inside the caller's transaction. */
export type AccountDeletionStep = (manager: EntityManager, userId: string) => Promise<void>;

/**
 * Collects the steps that deleting an account takes in each module, so the
 * module that deletes an account need not import every module that keeps
 * user data. Modules register their step when they start.
 */
@Injectable()
export class AccountDeletionRegistry {
  private readonly logger = new Logger(AccountDeletionRegistry.name);
  private readonly steps = new Map<string, AccountDeletionStep>();

  register(name: string, step: AccountDeletionStep): void {
    if (this.steps.has(name)) {
      throw new Error(`An account deletion step named '${name}' is already registered.`);
    }
    this.steps.set(name, step);
  }

  /** Runs every step in registration order, in one transaction owned by the caller. */
  async deleteAccount(manager: EntityManager, userId: string): Promise<void> {
    for (const [name, step] of this.steps) {
      await step(manager, userId);
      this.logger.debug({ userId, step: name }, 'Account deletion step done');
    }
  }
}

@Global()
@Module({ providers: [AccountDeletionRegistry], exports: [AccountDeletionRegistry] })
export class AccountDeletionModule {}

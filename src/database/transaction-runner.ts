import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import {
  ConstraintErrors,
  isRetryableTransactionError,
  sqlStateOf,
  translateDatabaseError,
} from './postgres-errors';

export interface TransactionOptions {
  isolationLevel?: IsolationLevel;
  /** Domain errors for constraint names the work may violate. */
  constraintErrors?: ConstraintErrors;
}

/** Attempts per transaction: the first run plus one retry on serialization failure or deadlock. */
const MAX_ATTEMPTS = 2;

/**
 * The transaction boundary of a service method. Opens a QueryRunner, starts a
 * transaction, hands its EntityManager to the work, commits, and rolls back
 * on any error. The QueryRunner goes back to the pool in every case.
 *
 * Only services call this; repositories receive the EntityManager.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The EntityManager for reads that need no transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async run<R>(
    work: (manager: EntityManager) => Promise<R>,
    options: TransactionOptions = {},
  ): Promise<R> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.runOnce(work, options.isolationLevel);
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isRetryableTransactionError(error)) {
          this.logger.warn(
            { attempt, sqlState: sqlStateOf(error) },
            'Transaction conflicted; retrying once',
          );
          continue;
        }
        throw translateDatabaseError(error, options.constraintErrors);
      }
    }
  }

  private async runOnce<R>(
    work: (manager: EntityManager) => Promise<R>,
    isolationLevel?: IsolationLevel,
  ): Promise<R> {
    const queryRunner = this.dataSource.createQueryRunner();

    try {
      await queryRunner.connect();
      await queryRunner.startTransaction(isolationLevel);

      const result = await work(queryRunner.manager);

      // PostgreSQL turns the COMMIT of a transaction in which a statement failed into a
      // ROLLBACK without raising an error. Any statement raises 25P02 in that state, so
      // work that caught a database error and returned cannot be reported as committed.
      await queryRunner.query('SELECT 1');
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      await this.rollbackQuietly(queryRunner.isTransactionActive ? queryRunner : undefined);
      throw error;
    } finally {
      await queryRunner.release();
    }
  }

  /** Rolls back and logs a failed rollback, so that the original error is the one that reaches the caller. */
  private async rollbackQuietly(
    queryRunner: { rollbackTransaction(): Promise<void> } | undefined,
  ): Promise<void> {
    if (queryRunner === undefined) {
      return;
    }
    try {
      await queryRunner.rollbackTransaction();
    } catch (rollbackError) {
      this.logger.error({ err: rollbackError }, 'Rollback failed');
    }
  }
}

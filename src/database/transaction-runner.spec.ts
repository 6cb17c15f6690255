import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  createTestDatabase,
  openTestDataSource,
  TestDatabase,
} from '../../test/support/test-database';
import { UserRepository } from '../auth/user.repository';
import { ApiError } from '../common/errors/api-error';
import { UNSCOPED } from './base.repository';
import { TransactionRunner } from './transaction-runner';

const POOL_SIZE = 2;

/** Builds an error shaped like the one node-postgres raises for the given SQLSTATE. */
function sqlStateError(code: string): Error {
  return Object.assign(new Error(`simulated failure with SQLSTATE ${code}`), { code });
}

describe('TransactionRunner', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runner: TransactionRunner;
  let emailCounter = 0;

  const users = new UserRepository();

  beforeAll(async () => {
    // Retries and failed statements are expected below, so their log lines stay out of the output.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);

    database = await createTestDatabase();
    dataSource = await openTestDataSource(database, POOL_SIZE);
    runner = new TransactionRunner(dataSource);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await dataSource.destroy();
    await database.drop();
  });

  function uniqueEmail(label: string): string {
    emailCounter += 1;
    return `${label}_${emailCounter}_${Date.now()}@example.com`;
  }

  function insertUser(manager: EntityManager, email: string): Promise<unknown> {
    return users.insert(manager, { email, passwordHash: 'not-a-real-hash' });
  }

  async function userExists(email: string): Promise<boolean> {
    return users.exists(dataSource.manager, UNSCOPED, { email });
  }

  function pool(): Pool {
    return (dataSource.driver as PostgresDriver).master as Pool;
  }

  interface RecordedQueryRunner {
    queryRunner: QueryRunner;
    commit: jest.SpyInstance;
    rollback: jest.SpyInstance;
    release: jest.SpyInstance;
  }

  let createQueryRunnerSpy: jest.SpyInstance | undefined;

  /** Records every QueryRunner the DataSource creates, so tests can check what happened to it. */
  function recordQueryRunners(): RecordedQueryRunner[] {
    const created: RecordedQueryRunner[] = [];
    const original = dataSource.createQueryRunner.bind(dataSource);
    createQueryRunnerSpy = jest
      .spyOn(dataSource, 'createQueryRunner')
      .mockImplementation((mode) => {
        const queryRunner = original(mode);
        created.push({
          queryRunner,
          commit: jest.spyOn(queryRunner, 'commitTransaction'),
          rollback: jest.spyOn(queryRunner, 'rollbackTransaction'),
          release: jest.spyOn(queryRunner, 'release'),
        });
        return queryRunner;
      });
    return created;
  }

  afterEach(() => {
    createQueryRunnerSpy?.mockRestore();
    createQueryRunnerSpy = undefined;
  });

  describe('commit and rollback', () => {
    it('run commits on success', async () => {
      const email = uniqueEmail('committed');

      const result = await runner.run(async (manager) => {
        await insertUser(manager, email);
        return 'done';
      });

      expect(result).toBe('done');
      expect(await userExists(email)).toBe(true);
    });

    it('run keeps neither write on failure', async () => {
      const first = uniqueEmail('first');
      const second = uniqueEmail('second');
      const failure = new Error('failed after two writes');

      const attempt = runner.run(async (manager) => {
        await insertUser(manager, first);
        await insertUser(manager, second);
        throw failure;
      });

      await expect(attempt).rejects.toBe(failure);
      expect(await userExists(first)).toBe(false);
      expect(await userExists(second)).toBe(false);
    });

    it('run undoes writes before a failed statement', async () => {
      const takenEmail = uniqueEmail('taken');
      await runner.run((manager) => insertUser(manager, takenEmail));
      const before = uniqueEmail('before');

      const attempt = runner.run(async (manager) => {
        await insertUser(manager, before);
        await insertUser(manager, takenEmail);
      });

      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'conflict' });
      expect(await userExists(before)).toBe(false);
    });

    it('run rolls back on error', async () => {
      const queryRunners = recordQueryRunners();

      await expect(runner.run(() => Promise.reject(new Error('work failed')))).rejects.toThrow(
        'work failed',
      );

      expect(queryRunners).toHaveLength(1);
      expect(queryRunners[0]?.rollback).toHaveBeenCalledTimes(1);
      expect(queryRunners[0]?.commit).not.toHaveBeenCalled();
    });

    // PostgreSQL ends a transaction in which a statement failed with ROLLBACK
    // when it receives COMMIT, and node-postgres raises no error for it. Without a check,
    // work that catches a database error returns success for writes that were
    // never stored.
    it('run rejects a silently aborted transaction', async () => {
      const takenEmail = uniqueEmail('taken');
      await runner.run((manager) => insertUser(manager, takenEmail));
      const lost = uniqueEmail('lost');

      const attempt = runner.run(async (manager) => {
        await insertUser(manager, lost);
        await insertUser(manager, takenEmail).catch(() => undefined);
        return 'reported as stored';
      });

      await expect(attempt).rejects.toBeDefined();
      expect(await userExists(lost)).toBe(false);
    });
  });

  describe('connection release', () => {
    it('run releases on success and failure', async () => {
      const queryRunners = recordQueryRunners();

      await runner.run((manager) => insertUser(manager, uniqueEmail('released')));
      await expect(runner.run(() => Promise.reject(new Error('work failed')))).rejects.toThrow();

      expect(queryRunners).toHaveLength(2);
      expect(queryRunners[0]?.release).toHaveBeenCalled();
      expect(queryRunners[1]?.release).toHaveBeenCalled();
      expect(queryRunners.every((recorded) => recorded.queryRunner.isReleased)).toBe(true);
    });

    it('pool recovers after many failures', async () => {
      const takenEmail = uniqueEmail('taken');
      await runner.run((manager) => insertUser(manager, takenEmail));

      for (let index = 0; index < 5 * POOL_SIZE; index += 1) {
        // A leaked connection would make a later attempt fail with 503 after the pool timeout.
        await expect(
          runner.run((manager) => insertUser(manager, takenEmail)),
        ).rejects.toMatchObject({
          code: 'conflict',
        });
        await expect(
          runner.run(async (manager) => {
            await manager.query('SELECT 1');
            throw new Error('work failed');
          }),
        ).rejects.toThrow('work failed');
      }

      expect(pool().waitingCount).toBe(0);
      expect(pool().idleCount).toBe(pool().totalCount);
      expect(pool().totalCount).toBeLessThanOrEqual(POOL_SIZE);
      await expect(runner.run((manager) => manager.query('SELECT 1 AS ok'))).resolves.toEqual([
        { ok: 1 },
      ]);
    });

    it('pool recovers after concurrent failures', async () => {
      const failures = Array.from({ length: 10 * POOL_SIZE }, () =>
        runner.run(async (manager) => {
          await manager.query('SELECT pg_sleep(0.01)');
          throw new Error('work failed');
        }),
      );

      const outcomes = await Promise.allSettled(failures);

      expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
      expect(pool().waitingCount).toBe(0);
      expect(pool().idleCount).toBe(pool().totalCount);
    });
  });

  describe('retry', () => {
    it.each(['40001', '40P01'])('run retries once on %s', async (code) => {
      const firstEmail = uniqueEmail('first_attempt');
      const secondEmail = uniqueEmail('second_attempt');
      let attempts = 0;

      const result = await runner.run(async (manager) => {
        attempts += 1;
        if (attempts === 1) {
          await insertUser(manager, firstEmail);
          throw sqlStateError(code);
        }
        await insertUser(manager, secondEmail);
        return 'second attempt';
      });

      expect(result).toBe('second attempt');
      expect(attempts).toBe(2);
      expect(await userExists(firstEmail)).toBe(false);
      expect(await userExists(secondEmail)).toBe(true);
    });

    it.each(['40001', '40P01'])('run stops after two %s failures', async (code) => {
      let attempts = 0;

      const attempt = runner.run(() => {
        attempts += 1;
        return Promise.reject(sqlStateError(code));
      });

      await expect(attempt).rejects.toBeInstanceOf(ApiError);
      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'conflict' });
      expect(attempts).toBe(2);
    });

    it('run does not retry other errors', async () => {
      let attempts = 0;

      await expect(
        runner.run(() => {
          attempts += 1;
          return Promise.reject(sqlStateError('23505'));
        }),
      ).rejects.toMatchObject({ status: 409 });
      expect(attempts).toBe(1);
    });

    it('run retries a real serialization failure', async () => {
      // Write skew: both transactions count the same rows and then insert one.
      // The other transaction commits its insert between the count and the
      // insert of the first attempt, so PostgreSQL must abort that attempt
      // with 40001, and the retry runs alone.
      const prefix = `skew_${Date.now()}`;
      const countSql = `SELECT count(*) FROM "users" WHERE "email" LIKE '${prefix}%'`;
      const other = dataSource.createQueryRunner();
      await other.connect();
      await other.startTransaction('SERIALIZABLE');
      await other.query(countSql);
      let attempts = 0;

      try {
        await runner.run(
          async (manager) => {
            attempts += 1;
            await manager.query(countSql);
            if (attempts === 1) {
              await insertUser(other.manager, `${prefix}_other@example.com`);
              await other.commitTransaction();
            }
            await insertUser(manager, `${prefix}_retried@example.com`);
          },
          { isolationLevel: 'SERIALIZABLE' },
        );
      } finally {
        await other.release();
      }

      expect(attempts).toBe(2);
      expect(await userExists(`${prefix}_other@example.com`)).toBe(true);
      expect(await userExists(`${prefix}_retried@example.com`)).toBe(true);
    });
  });

  describe('error translation', () => {
    it('constraintErrors maps a named constraint', async () => {
      const takenEmail = uniqueEmail('taken');
      await runner.run((manager) => insertUser(manager, takenEmail));
      const emailTaken = new ApiError(409, 'email_taken', 'An account with this email exists.');

      const attempt = runner.run((manager) => insertUser(manager, takenEmail), {
        constraintErrors: { uq_users_email: () => emailTaken },
      });

      await expect(attempt).rejects.toBe(emailTaken);
    });

    it('unmapped constraint becomes generic conflict', async () => {
      const takenEmail = uniqueEmail('taken');
      await runner.run((manager) => insertUser(manager, takenEmail));

      const attempt = runner.run((manager) => insertUser(manager, takenEmail), {
        constraintErrors: { uq_profiles_username: () => new ApiError(409, 'username_taken', '') },
      });

      await expect(attempt).rejects.toMatchObject({ status: 409, code: 'conflict' });
    });

    it('invalid uuid becomes validation_failed', async () => {
      const attempt = runner.run((manager) => users.findById(manager, UNSCOPED, 'not-a-uuid'));

      await expect(attempt).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
    });
  });
});

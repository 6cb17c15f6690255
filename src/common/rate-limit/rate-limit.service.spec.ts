import { DataSource } from 'typeorm';
import { TransactionRunner } from '../../database/transaction-runner';
import {
  createTestDatabase,
  openTestDataSource,
  TestDatabase,
} from '../../../test/support/test-database';
import { RateLimitRepository } from './rate-limit.repository';
import { RateLimitService } from './rate-limit.service';

describe('RateLimitService', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let service: RateLimitService;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database);
    service = new RateLimitService(new RateLimitRepository(), new TransactionRunner(dataSource));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM rate_limit_buckets');
  });

  it('consume counts hits per key', async () => {
    const rules = [{ key: 'login:ip:127.0.0.1', limit: 2 }];

    const first = await service.consume(rules, 60);
    const second = await service.consume(rules, 60);
    const third = await service.consume(rules, 60);

    expect([first.remaining, second.remaining, third.remaining]).toEqual([1, 0, 0]);
    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
  });

  it('consume decides by the tightest rule', async () => {
    const decision = await service.consume(
      [
        { key: 'login:ip:127.0.0.1', limit: 10 },
        { key: 'login:email:abc', limit: 1 },
      ],
      60,
    );

    expect(decision.limit).toBe(1);
    expect(decision.remaining).toBe(0);
  });

  it('consume starts an expired window again', async () => {
    const rules = [{ key: 'login:ip:10.0.0.1', limit: 1 }];
    await service.consume(rules, 60);
    await dataSource.query(
      `UPDATE rate_limit_buckets SET window_started_at = now() - interval '61 seconds' WHERE key = $1`,
      [rules[0]?.key],
    );

    const decision = await service.consume(rules, 60);

    expect(decision.allowed).toBe(true);
  });

  it('sweepIdleBuckets deletes only idle buckets', async () => {
    await service.consume(
      [{ key: 'idle' }, { key: 'fresh' }].map((rule) => ({ ...rule, limit: 5 })),
      60,
    );
    await dataSource.query(
      `UPDATE rate_limit_buckets SET updated_at = now() - interval '3 days' WHERE key = 'idle'`,
    );

    await service.sweepIdleBuckets();

    const rows: { key: string }[] = await dataSource.query(
      'SELECT key FROM rate_limit_buckets ORDER BY key',
    );
    expect(rows.map((row) => row.key)).toEqual(['fresh']);
  });
});

import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { registerUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const POOL_SIZE = 2;
const FAILING_REQUESTS = 200;
const CONCURRENT_REQUESTS = 10;
// Short, so that a leaked connection shows up as a 503 well within the test timeout.
const CONNECTION_TIMEOUT_MS = 2_000;

describe('transactions over HTTP', () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await startTestApp({
      DATABASE_POOL_SIZE: String(POOL_SIZE),
      DATABASE_CONNECTION_TIMEOUT_MS: String(CONNECTION_TIMEOUT_MS),
    });
    dataSource = testApp.app.get(DataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function pool(): Pool {
    return (dataSource.driver as PostgresDriver).master as Pool;
  }

  it('failed registrations leak no connections', async () => {
    const owner = await registerUser(testApp.http);
    const statuses: number[] = [];
    const codes = new Set<string>();

    for (let start = 0; start < FAILING_REQUESTS; start += CONCURRENT_REQUESTS) {
      const batch = Array.from({ length: CONCURRENT_REQUESTS }, (_, offset) =>
        testApp.http.post('/v1/auth/register').send({
          email: `duplicate_${start + offset}@example.com`,
          password: 'password-for-a-duplicate',
          username: owner.username,
        }),
      );
      for (const response of await Promise.all(batch)) {
        statuses.push(response.status);
        codes.add(response.body.code);
      }
    }

    expect(statuses).toHaveLength(FAILING_REQUESTS);
    expect(new Set(statuses)).toEqual(new Set([409]));
    expect(codes).toEqual(new Set(['username_taken']));

    expect(pool().waitingCount).toBe(0);
    expect(pool().totalCount).toBeLessThanOrEqual(POOL_SIZE);
    expect(pool().idleCount).toBe(pool().totalCount);

    const startedAt = Date.now();
    const next = await registerUser(testApp.http);
    const profile = await testApp.http
      .get('/v1/profiles/me')
      .set('Authorization', next.authorization);
    expect(profile.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(CONNECTION_TIMEOUT_MS);
  });

  it('failed registration commits no user', async () => {
    const owner = await registerUser(testApp.http);
    const email = `rolled_back_${Date.now()}@example.com`;

    const response = await testApp.http.post('/v1/auth/register').send({
      email,
      password: 'password-for-a-duplicate',
      username: owner.username,
    });

    // The user row is inserted before the profile insert fails, in the same transaction.
    expect(response.status).toBe(409);
    const rows = await dataSource.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM "users" WHERE "email" = $1',
      [email],
    );
    expect(rows[0]?.count).toBe(0);
  });
});

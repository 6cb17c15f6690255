/**
 * @jest-environment ./test/support/far-time-zone-environment.ts
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { registerUser, RegisteredUser } from './support/factories';
import { PROCESS_TIME_ZONE } from './support/far-time-zone-environment';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, listAllPages } from './support/todos';

/** UTC-11: the session time zone of the database, on the other side of UTC from the process. */
const DATABASE_TIME_ZONE = 'Pacific/Pago_Pago';

const DATES = ['2026-01-01', '2026-03-10', '2026-12-31', '2024-02-29'];

describe('todos far from UTC', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp(
      {},
      {
        prepareDatabase: async (database) => {
          const client = new Client({ connectionString: database.url });
          await client.connect();
          try {
            await client.query(
              `ALTER DATABASE "${database.name}" SET timezone TO '${DATABASE_TIME_ZONE}'`,
            );
          } finally {
            await client.end();
          }
        },
      },
    );
    user = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('process runs at UTC+14', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(PROCESS_TIME_ZONE);
    expect(new Date('2026-03-10T00:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
  });

  it('database session runs at UTC-11', async () => {
    const rows: { TimeZone: string }[] = await testApp.app.get(DataSource).query('SHOW TimeZone');

    expect(rows[0]?.TimeZone).toBe(DATABASE_TIME_ZONE);
  });

  it.each(DATES)('dueDate %s round-trips on create', async (dueDate) => {
    const created = await createTodo(testApp.http, user, { dueDate });
    const fetched = await testApp.http
      .get(`/v1/todos/${created.id}`)
      .set('Authorization', user.authorization);

    expect(created.dueDate).toBe(dueDate);
    expect(fetched.body.dueDate).toBe(dueDate);
  });

  it.each(DATES)('dueDate %s round-trips on patch', async (dueDate) => {
    const created = await createTodo(testApp.http, user);

    const patched = await testApp.http
      .patch(`/v1/todos/${created.id}`)
      .set('Authorization', user.authorization)
      .send({ dueDate });

    expect(patched.body.dueDate).toBe(dueDate);
  });

  it('dueDate round-trips in lists', async () => {
    const created = await createTodo(testApp.http, user, {
      title: 'listed-date',
      dueDate: '2026-07-04',
    });

    const items = await listAllPages(testApp.http, user, { q: 'listed-date' });
    const synced = await listAllPages(testApp.http, user, { includeDeleted: true });

    expect(items[0]?.dueDate).toBe('2026-07-04');
    expect(synced.find((item) => item.id === created.id)?.dueDate).toBe('2026-07-04');
  });

  it('dueAt keeps its instant', async () => {
    const created = await createTodo(testApp.http, user, { dueAt: '2026-03-10T23:30:00-05:00' });

    expect(created.dueAt).toBe('2026-03-11T04:30:00.000Z');
  });

  it('dueDate window reads the day in UTC', async () => {
    await createTodo(testApp.http, user, { title: 'utc-day', dueDate: '2026-08-20' });

    const inside = await listAllPages(testApp.http, user, {
      q: 'utc-day',
      dueFrom: '2026-08-20T23:00:00Z',
      dueTo: '2026-08-21T00:00:00Z',
    });
    const after = await listAllPages(testApp.http, user, {
      q: 'utc-day',
      dueFrom: '2026-08-21T00:00:00Z',
      dueTo: '2026-08-21T01:00:00Z',
    });

    expect(inside).toHaveLength(1);
    expect(after).toHaveLength(0);
  });
});

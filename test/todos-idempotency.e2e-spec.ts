import { Client } from 'pg';
import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { listAllPages } from './support/todos';

describe('todos idempotency', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    // supertest binds a server that is not listening once per request, which
    // breaks under concurrent requests, so the app listens on loopback first.
    await testApp.app.listen(0, '127.0.0.1');
    user = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const post = (key: string, body: object, as: RegisteredUser = user) =>
    testApp.http
      .post('/v1/todos')
      .set('Authorization', as.authorization)
      .set('Idempotency-Key', key)
      .send(body);

  const countTitled = async (title: string, as: RegisteredUser = user) =>
    (await listAllPages(testApp.http, as, { q: title, limit: 100 })).length;

  it('repeat returns the first response', async () => {
    const first = await post('key-repeat', { title: 'once-repeat' });

    const second = await post('key-repeat', { title: 'once-repeat' });

    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(await countTitled('once-repeat')).toBe(1);
  });

  it('repeat after a change returns the first body', async () => {
    const first = await post('key-stale', { title: 'changed-later' });
    await testApp.http
      .patch(`/v1/todos/${first.body.id}`)
      .set('Authorization', user.authorization)
      .send({ notes: 'edited' })
      .expect(200);

    const second = await post('key-stale', { title: 'changed-later' });

    expect(second.body).toEqual(first.body);
  });

  it('same body in another key order replays', async () => {
    const first = await post('key-order', { title: 'ordered', priority: 2 });

    const second = await post('key-order', { priority: 2, title: 'ordered' });

    expect(second.body.id).toBe(first.body.id);
  });

  it('different body is 422', async () => {
    await post('key-reused', { title: 'original' });

    const response = await post('key-reused', { title: 'different' });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('idempotency_key_reused');
    expect(await countTitled('different')).toBe(0);
  });

  it('keys are per user', async () => {
    const other = await registerUser(testApp.http);
    const mine = await post('key-shared', { title: 'per-user' });

    const theirs = await post('key-shared', { title: 'per-user' }, other);

    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('without key each post creates', async () => {
    const send = () =>
      testApp.http
        .post('/v1/todos')
        .set('Authorization', user.authorization)
        .send({ title: 'no-key-twice' });

    await send().expect(201);
    await send().expect(201);

    expect(await countTitled('no-key-twice')).toBe(2);
  });

  it('failed create does not keep the key', async () => {
    const invalid = await post('key-after-400', {
      title: 'bad',
      dueAt: '2026-03-01T00:00:00Z',
      dueDate: '2026-03-01',
    });

    const valid = await post('key-after-400', { title: 'good-after-400' });

    expect(invalid.status).toBe(400);
    expect(valid.status).toBe(201);
  });

  it('expired key creates again', async () => {
    const first = await post('key-expired', { title: 'expires' });
    const client = new Client({ connectionString: testApp.database.url });
    await client.connect();
    try {
      await client.query(
        `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE owner_id = $1 AND key = $2`,
        [user.id, 'key-expired'],
      );
    } finally {
      await client.end();
    }

    const second = await post('key-expired', { title: 'expires' });

    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('concurrent same key creates one todo', async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => post('key-concurrent', { title: 'concurrent-once' })),
    );

    for (const response of responses) {
      expect(response.status).toBe(201);
    }
    const ids = new Set(responses.map((response) => response.body.id as string));
    expect(ids.size).toBe(1);
    expect(await countTitled('concurrent-once')).toBe(1);
  });

  it('key expires after 24 hours', async () => {
    await post('key-lifetime', { title: 'lifetime' });
    const client = new Client({ connectionString: testApp.database.url });
    await client.connect();
    try {
      const result = await client.query<{ seconds: number }>(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS seconds
         FROM idempotency_keys WHERE owner_id = $1 AND key = $2`,
        [user.id, 'key-lifetime'],
      );
      expect(result.rows[0]?.seconds).toBe(24 * 60 * 60);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['empty', ''],
    ['too long', 'k'.repeat(256)],
    ['with a space', 'two words'],
    ['non-ASCII', 'schlüssel'],
  ])('key %s is 400', async (_case, key) => {
    const response = await post(key, { title: 'invalid-key' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });

  it('key of 255 characters is accepted', async () => {
    const response = await post('k'.repeat(255), { title: 'long-key' });

    expect(response.status).toBe(201);
  });
});

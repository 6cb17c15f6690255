import { registerUser, RegisteredUser } from './support/factories';
import { DEFAULT_TIMES, listAllScheduleItems } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('schedule items idempotency', () => {
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
      .post('/v1/schedule-items')
      .set('Authorization', as.authorization)
      .set('Idempotency-Key', key)
      .send({ ...DEFAULT_TIMES, ...body });

  const countTitled = async (title: string) =>
    (await listAllScheduleItems(testApp.http, user, { ...WINDOW, limit: 100 })).filter(
      (item) => item.title === title,
    ).length;

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

  it('different body is 422', async () => {
    await post('key-reused', { title: 'original' });

    const response = await post('key-reused', { title: 'different' });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('idempotency_key_reused');
    expect(await countTitled('different')).toBe(0);
  });

  it('key shared with todos is 422', async () => {
    await testApp.http
      .post('/v1/todos')
      .set('Authorization', user.authorization)
      .set('Idempotency-Key', 'key-todo')
      .send({ title: 'todo first' })
      .expect(201);

    const response = await post('key-todo', { title: 'todo first' });

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('idempotency_key_reused');
  });

  it('failed create does not keep the key', async () => {
    const invalid = await post('key-after-400', {
      title: 'bad',
      endsAt: DEFAULT_TIMES.startsAt,
    });

    const valid = await post('key-after-400', { title: 'good-after-400' });

    expect(invalid.status).toBe(400);
    expect(valid.status).toBe(201);
  });

  it('concurrent same key creates one item', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => post('key-concurrent', { title: 'concurrent-once' })),
    );

    for (const response of responses) {
      expect(response.status).toBe(201);
    }
    const ids = new Set(responses.map((response) => response.body.id as string));
    expect(ids.size).toBe(1);
    expect(await countTitled('concurrent-once')).toBe(1);
  });

  it('invalid key is 400', async () => {
    const response = await post('two words', { title: 'invalid-key' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
  });
});

import { DataSource } from 'typeorm';
import { registerUser, RegisteredUser } from './support/factories';
import {
  createScheduleItem,
  listAllScheduleItems,
  ScheduleItemBody,
} from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

describe('schedule items ownership', () => {
  let testApp: TestApp;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  let item: ScheduleItemBody;
  let overlapping: ScheduleItemBody;
  let deletedItem: ScheduleItemBody;

  beforeAll(async () => {
    testApp = await startTestApp();
    owner = await registerUser(testApp.http);
    stranger = await registerUser(testApp.http);
    item = await createScheduleItem(testApp.http, owner, {
      title: 'owner secret',
      visibility: 'friends',
    });
    overlapping = await createScheduleItem(testApp.http, owner, { title: 'owner overlap' });
    deletedItem = await createScheduleItem(testApp.http, owner, { title: 'owner deleted' });
    await testApp.http
      .delete(`/v1/schedule-items/${deletedItem.id}`)
      .set('Authorization', owner.authorization)
      .expect(204);
    // The stranger's own item at the same time must not pair with the owner's.
    await createScheduleItem(testApp.http, stranger, { title: 'stranger own' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const asStranger = (method: 'get' | 'patch' | 'delete' | 'post', path: string) =>
    testApp.http[method](path).set('Authorization', stranger.authorization);

  it.each([
    ['GET', () => asStranger('get', `/v1/schedule-items/${item.id}`)],
    [
      'PATCH',
      () => asStranger('patch', `/v1/schedule-items/${item.id}`).send({ title: 'mine now' }),
    ],
    [
      'PATCH with If-Match *',
      () =>
        asStranger('patch', `/v1/schedule-items/${item.id}`)
          .set('If-Match', '*')
          .send({ title: 'x' }),
    ],
    ['DELETE', () => asStranger('delete', `/v1/schedule-items/${item.id}`)],
    ['restore', () => asStranger('post', `/v1/schedule-items/${deletedItem.id}/restore`)],
  ])('stranger %s is schedule_item_not_found', async (_route, send) => {
    const response = await send();

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('schedule_item_not_found');
  });

  it('stranger requests change nothing', async () => {
    const current = await testApp.http
      .get(`/v1/schedule-items/${item.id}`)
      .set('Authorization', owner.authorization);
    const stillDeleted = await testApp.http
      .get(`/v1/schedule-items/${deletedItem.id}`)
      .set('Authorization', owner.authorization);

    expect(current.body).toEqual(item);
    expect(stillDeleted.status).toBe(404);
  });

  it('stranger lists never show the item', async () => {
    const items = await listAllScheduleItems(testApp.http, stranger, WINDOW);
    const synced = await listAllScheduleItems(testApp.http, stranger, {
      ...WINDOW,
      includeDeleted: true,
    });

    expect(items.map((listed) => listed.title)).toEqual(['stranger own']);
    expect(synced.map((listed) => listed.title)).toEqual(['stranger own']);
  });

  it('stranger conflicts never show the item', async () => {
    const response = await asStranger('get', '/v1/schedule-items/conflicts').query(WINDOW);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [], truncated: false });
  });

  it('owner conflicts show the pair', async () => {
    const response = await testApp.http
      .get('/v1/schedule-items/conflicts')
      .query(WINDOW)
      .set('Authorization', owner.authorization);

    const ids = [item.id, overlapping.id].sort();
    expect(response.body.data).toHaveLength(1);
    expect([response.body.data[0].first.id, response.body.data[0].second.id]).toEqual(ids);
  });

  it('stranger export never shows the item', async () => {
    const response = await asStranger('get', '/v1/schedule-items.ics').query(WINDOW);

    expect(response.status).toBe(200);
    expect(response.text).not.toContain(item.id);
    expect(response.text).not.toContain('owner secret');
    expect(response.text).toContain('stranger own');
  });

  it('deleted item never appears anywhere', async () => {
    const listed = await listAllScheduleItems(testApp.http, owner, WINDOW);
    const changed = await listAllScheduleItems(testApp.http, owner, {
      ...WINDOW,
      updatedSince: '2000-01-01T00:00:00Z',
    });
    const exported = await testApp.http
      .get('/v1/schedule-items.ics')
      .query(WINDOW)
      .set('Authorization', owner.authorization);

    expect(listed.map((entry) => entry.id)).not.toContain(deletedItem.id);
    expect(changed.map((entry) => entry.id)).not.toContain(deletedItem.id);
    expect(exported.text).not.toContain(deletedItem.id);
  });

  it('account deletion soft-deletes items', async () => {
    const leaving = await registerUser(testApp.http);
    const mine = await createScheduleItem(testApp.http, leaving);
    await testApp.http
      .delete('/v1/profiles/me')
      .set('Authorization', leaving.authorization)
      .expect(204);

    const rows: { deleted_at: Date | null; updated_at: Date }[] = await testApp.app
      .get(DataSource)
      .query('SELECT deleted_at, updated_at FROM schedule_items WHERE id = $1', [mine.id]);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.deleted_at).not.toBeNull();
    expect(rows[0]?.updated_at).toEqual(rows[0]?.deleted_at);
  });
});

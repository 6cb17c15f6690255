import { registerUser, RegisteredUser } from './support/factories';
import {
  createScheduleItem,
  errorFieldsOf,
  listAllScheduleItems,
  listScheduleItems,
  ScheduleItemBody,
} from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };

/** Compares two items in list order: startsAt, then id. */
function compareInListOrder(left: ScheduleItemBody, right: ScheduleItemBody): number {
  const byStart = Date.parse(left.startsAt) - Date.parse(right.startsAt);
  if (byStart !== 0) {
    return byStart;
  }
  return left.id < right.id ? -1 : 1;
}

describe('schedule items list', () => {
  let testApp: TestApp;
  let user: RegisteredUser;
  let seeded: ScheduleItemBody[];

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
    // Repeated starts make ties that cross page edges; the last two lie outside the window.
    const starts = [
      '2026-05-03T09:00:00Z',
      '2026-05-01T08:00:00Z',
      '2026-05-03T09:00:00Z',
      '2026-05-20T00:00:00Z',
      '2026-05-03T09:00:00Z',
      '2026-05-10T12:00:00Z',
      '2026-05-03T09:00:00Z',
      '2026-04-15T00:00:00Z',
      '2026-06-01T00:00:00Z',
    ];
    seeded = [];
    for (const [index, startsAt] of starts.entries()) {
      const endsAt = new Date(Date.parse(startsAt) + (index === 7 ? 3 : 1) * 3_600_000);
      seeded.push(
        await createScheduleItem(testApp.http, user, {
          title: `seed ${index}`,
          startsAt,
          endsAt: endsAt.toISOString(),
        }),
      );
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  const list = (query: Record<string, string | number | boolean>, as: RegisteredUser = user) =>
    testApp.http.get('/v1/schedule-items').query(query).set('Authorization', as.authorization);

  it('list orders by startsAt then id', async () => {
    const items = await listAllScheduleItems(testApp.http, user, WINDOW);

    const expected = seeded.slice(0, 7).sort(compareInListOrder);
    expect(items.map((item) => item.id)).toEqual(expected.map((item) => item.id));
  });

  it('pages cover every item once', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { ...WINDOW, limit: 2 };
      const page = await listScheduleItems(
        testApp.http,
        user,
        cursor === null ? query : { ...query, cursor },
      );
      pages.push(page.data.map((item) => item.id as string));
      cursor = page.nextCursor;
    } while (cursor !== null);

    const expected = seeded.slice(0, 7).sort(compareInListOrder);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat()).toEqual(expected.map((item) => item.id));
  });

  it('last page has null nextCursor', async () => {
    const page = await listScheduleItems(testApp.http, user, { ...WINDOW, limit: 100 });

    expect(page.data).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
  });

  it('insert between pages is not skipped', async () => {
    const first = await listScheduleItems(testApp.http, user, { ...WINDOW, limit: 3 });
    const late = await createScheduleItem(testApp.http, user, {
      title: 'late',
      startsAt: '2026-05-30T00:00:00Z',
      endsAt: '2026-05-30T01:00:00Z',
    });

    const rest = await listAllScheduleItems(testApp.http, user, {
      ...WINDOW,
      limit: 3,
      cursor: first.nextCursor as string,
    });

    expect(rest.map((item) => item.id)).toContain(late.id);
    await testApp.http
      .delete(`/v1/schedule-items/${late.id}`)
      .set('Authorization', user.authorization)
      .expect(204);
  });

  it('deleted item is never listed', async () => {
    const deleted = await createScheduleItem(testApp.http, user, {
      title: 'deleted',
      startsAt: '2026-05-15T00:00:00Z',
      endsAt: '2026-05-15T01:00:00Z',
    });
    await testApp.http
      .delete(`/v1/schedule-items/${deleted.id}`)
      .set('Authorization', user.authorization)
      .expect(204);

    const items = await listAllScheduleItems(testApp.http, user, WINDOW);
    const synced = await listAllScheduleItems(testApp.http, user, {
      ...WINDOW,
      updatedSince: '2000-01-01T00:00:00Z',
    });

    expect(items.map((item) => item.id)).not.toContain(deleted.id);
    expect(synced.map((item) => item.id)).not.toContain(deleted.id);
  });

  it('window of exactly 366 days is accepted', async () => {
    const response = await list({ from: '2026-01-01T00:00:00Z', to: '2027-01-02T00:00:00Z' });

    expect(response.status).toBe(200);
  });

  it.each([
    ['missing from', { to: WINDOW.to }, 'from'],
    ['missing to', { from: WINDOW.from }, 'to'],
    ['from equal to to', { from: WINDOW.from, to: WINDOW.from }, 'to'],
    ['from after to', { from: WINDOW.to, to: WINDOW.from }, 'to'],
    ['span over 366 days', { from: '2026-01-01T00:00:00Z', to: '2027-01-02T00:00:00.001Z' }, 'to'],
    ['from without offset', { from: '2026-05-01T00:00:00', to: WINDOW.to }, 'from'],
    ['to as a date', { from: WINDOW.from, to: '2026-06-01' }, 'to'],
    ['limit 0', { ...WINDOW, limit: 0 }, 'limit'],
    ['limit 101', { ...WINDOW, limit: 101 }, 'limit'],
    ['includeDeleted not boolean', { ...WINDOW, includeDeleted: 'yes' }, 'includeDeleted'],
    ['updatedSince not an instant', { ...WINDOW, updatedSince: 'yesterday' }, 'updatedSince'],
    ['unknown parameter', { ...WINDOW, sort: 'title' }, 'sort'],
  ])('list rejects %s', async (_case, query, field) => {
    const response = await list(query);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(errorFieldsOf(response.body)).toContain(field);
  });

  it('cursor of another window is 400', async () => {
    const first = await listScheduleItems(testApp.http, user, { ...WINDOW, limit: 2 });

    const response = await list({
      from: WINDOW.from,
      to: '2026-05-31T00:00:00Z',
      limit: 2,
      cursor: first.nextCursor as string,
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it('window cursor in sync mode is 400', async () => {
    const first = await listScheduleItems(testApp.http, user, { ...WINDOW, limit: 2 });

    const response = await list({
      ...WINDOW,
      includeDeleted: true,
      limit: 2,
      cursor: first.nextCursor as string,
    });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it('cursor not base64 JSON is 400', async () => {
    const response = await list({ ...WINDOW, cursor: '!!!' });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it.each([
    ['a number key', 42],
    ['a date without offset', '2026-05-03T09:00:00'],
    ['a word', 'soon'],
  ])('forged cursor with %s is 400', async (_case, value) => {
    const real = await listScheduleItems(testApp.http, user, { ...WINDOW, limit: 1 });
    const payload = JSON.parse(
      Buffer.from(real.nextCursor as string, 'base64url').toString('utf8'),
    ) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...payload, v: value })).toString('base64url');

    const response = await list({ ...WINDOW, cursor: forged });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('invalid_cursor');
  });

  it('list without token is 401', async () => {
    const response = await testApp.http.get('/v1/schedule-items').query(WINDOW);

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });
});

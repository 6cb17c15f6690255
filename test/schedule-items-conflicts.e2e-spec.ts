import { registerUser, RegisteredUser } from './support/factories';
import { createScheduleItem, errorFieldsOf, ScheduleItemBody } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const DAY = { from: '2026-06-10T00:00:00Z', to: '2026-06-11T00:00:00Z' };

interface PairBody {
  first: ScheduleItemBody;
  second: ScheduleItemBody;
}

/** Names each pair of a conflicts body by its items' titles in ascending order, such as 'a+b'. */
function pairNamesOf(body: { data: PairBody[] }): string[] {
  return body.data.map((pair) => [pair.first.title, pair.second.title].sort().join('+'));
}

describe('schedule item conflicts', () => {
  let testApp: TestApp;
  let user: RegisteredUser;
  /** Items of one day by name: a overlaps b, b overlaps c, c only touches a, d is alone. */
  const items: Record<string, ScheduleItemBody> = {};

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
    const hours: Record<string, [string, string]> = {
      a: ['09:00', '10:00'],
      b: ['09:30', '10:30'],
      c: ['10:00', '11:00'],
      d: ['12:00', '13:00'],
      deleted: ['09:00', '12:00'],
    };
    for (const [name, [start, end]] of Object.entries(hours)) {
      items[name] = await createScheduleItem(testApp.http, user, {
        title: name,
        startsAt: `2026-06-10T${start}:00Z`,
        endsAt: `2026-06-10T${end}:00Z`,
      });
    }
    await testApp.http
      .delete(`/v1/schedule-items/${items.deleted?.id}`)
      .set('Authorization', user.authorization)
      .expect(204);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const conflicts = (query: Record<string, string>, as: RegisteredUser = user) =>
    testApp.http
      .get('/v1/schedule-items/conflicts')
      .query(query)
      .set('Authorization', as.authorization);

  it('conflicts lists overlapping pairs', async () => {
    const response = await conflicts(DAY);

    expect(response.status).toBe(200);
    expect(pairNamesOf(response.body)).toEqual(['a+b', 'b+c']);
    expect(response.body.truncated).toBe(false);
  });

  it('pairs hold full items', async () => {
    const response = await conflicts(DAY);

    const pair = response.body.data[0] as PairBody;
    const expected = [items.a, items.b].sort((left, right) =>
      (left?.id ?? '') < (right?.id ?? '') ? -1 : 1,
    );
    expect([pair.first, pair.second]).toEqual(expected);
  });

  it('first id is below second id', async () => {
    const response = await conflicts(DAY);

    for (const pair of response.body.data as PairBody[]) {
      expect(pair.first.id < pair.second.id).toBe(true);
    }
  });

  it('touching items do not conflict', async () => {
    const response = await conflicts(DAY);

    expect(pairNamesOf(response.body)).not.toContain('a+c');
  });

  it('deleted item never conflicts', async () => {
    const response = await conflicts(DAY);

    const titles = (response.body.data as PairBody[]).flatMap((pair) => [
      pair.first.title,
      pair.second.title,
    ]);
    expect(titles).not.toContain('deleted');
  });

  it('both items must overlap the window', async () => {
    const response = await conflicts({ from: '2026-06-10T10:15:00Z', to: '2026-06-10T11:00:00Z' });

    expect(pairNamesOf(response.body)).toEqual(['b+c']);
  });

  it('window outside the items is empty', async () => {
    const response = await conflicts({ from: '2026-06-11T00:00:00Z', to: '2026-06-12T00:00:00Z' });

    expect(response.body).toEqual({ data: [], truncated: false });
  });

  it('more than 100 pairs are truncated', async () => {
    const busy = await registerUser(testApp.http);
    // 15 items that all overlap make 15 * 14 / 2 = 105 pairs.
    for (let index = 0; index < 15; index += 1) {
      await createScheduleItem(testApp.http, busy, {
        title: `busy ${index}`,
        startsAt: '2026-06-10T09:00:00Z',
        endsAt: `2026-06-10T10:${String(index).padStart(2, '0')}:00Z`,
      });
    }

    const response = await conflicts(DAY, busy);

    expect(response.body.data).toHaveLength(100);
    expect(response.body.truncated).toBe(true);
  });

  it.each([
    ['missing from', { to: DAY.to }, 'from'],
    ['missing to', { from: DAY.from }, 'to'],
    ['from after to', { from: DAY.to, to: DAY.from }, 'to'],
    ['span over 366 days', { from: '2026-01-01T00:00:00Z', to: '2027-01-03T00:00:00Z' }, 'to'],
    ['unknown parameter', { ...DAY, limit: '5' }, 'limit'],
  ])('conflicts rejects %s', async (_case, query, field) => {
    const response = await conflicts(query);

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('validation_failed');
    expect(errorFieldsOf(response.body)).toContain(field);
  });

  it('conflicts without token is 401', async () => {
    const response = await testApp.http.get('/v1/schedule-items/conflicts').query(DAY);

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });
});

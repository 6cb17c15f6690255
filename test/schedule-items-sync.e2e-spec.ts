import { queryDatabase } from './support/database-rows';
import { deleteAccount, registerUser, RegisteredUser } from './support/factories';
import { createScheduleItem, listAllScheduleItems } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

/** A timed hour in May 2026, after WINDOW. */
const MAY = { startsAt: '2026-05-04T09:00:00.000Z', endsAt: '2026-05-04T10:00:00.000Z' };

interface SyncItem {
  id: string;
  updatedAt: string;
  deletedAt?: string;
  version?: number;
  title?: string;
  startsAt?: string;
  endsAt?: string;
}

describe('schedule items sync', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
    // supertest binds a server that is not listening once per request, which
    // breaks under concurrent requests, so the app listens on loopback first.
    await testApp.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await testApp.close();
  });

  const auth = (user: RegisteredUser) => ({ Authorization: user.authorization });

  /** Fetches every page of the window's changes after since, as a sync client does. */
  const syncAll = async (
    user: RegisteredUser,
    since: string | undefined,
    includeDeleted = true,
  ): Promise<SyncItem[]> => {
    const query: Record<string, string | number | boolean> = { ...WINDOW, limit: 2 };
    if (includeDeleted) {
      query.includeDeleted = true;
    }
    if (since !== undefined) {
      query.updatedSince = since;
    }
    return (await listAllScheduleItems(testApp.http, user, query)) as unknown as SyncItem[];
  };

  it('sync returns changes once, deletes as tombstones', async () => {
    const user = await registerUser(testApp.http);
    const first = await createScheduleItem(testApp.http, user, { title: 'A' });
    const second = await createScheduleItem(testApp.http, user, { title: 'B' });
    const third = await createScheduleItem(testApp.http, user, { title: 'C' });
    const initial = await syncAll(user, undefined);
    const since = initial[initial.length - 1]?.updatedAt;

    await testApp.http
      .patch(`/v1/schedule-items/${first.id}`)
      .set(auth(user))
      .send({ title: 'A2' })
      .expect(200);
    await testApp.http.delete(`/v1/schedule-items/${second.id}`).set(auth(user)).expect(204);
    const fourth = await createScheduleItem(testApp.http, user, { title: 'D' });
    const changes = await syncAll(user, since);

    expect(initial.map((item) => item.id)).toEqual([first.id, second.id, third.id]);
    expect(changes.map((item) => item.id)).toEqual([first.id, second.id, fourth.id]);
    expect(changes[0]).toMatchObject({ title: 'A2', version: 2 });
    expect(changes[1]).toEqual({
      id: second.id,
      deletedAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(changes[2]).toMatchObject({ title: 'D', version: 1 });
  });

  it('sync since last item returns nothing', async () => {
    const user = await registerUser(testApp.http);
    await createScheduleItem(testApp.http, user);
    const items = await syncAll(user, undefined);

    const again = await syncAll(user, items[items.length - 1]?.updatedAt);

    expect(items).toHaveLength(1);
    expect(again).toEqual([]);
  });

  it('restore reappears as a full item', async () => {
    const user = await registerUser(testApp.http);
    const item = await createScheduleItem(testApp.http, user, { title: 'back' });
    await testApp.http.delete(`/v1/schedule-items/${item.id}`).set(auth(user)).expect(204);
    const afterDelete = await syncAll(user, undefined);

    await testApp.http.post(`/v1/schedule-items/${item.id}/restore`).set(auth(user)).expect(200);
    const afterRestore = await syncAll(user, afterDelete[0]?.updatedAt);

    expect(afterDelete[0]?.deletedAt).toEqual(expect.any(String));
    expect(afterRestore).toHaveLength(1);
    expect(afterRestore[0]).toMatchObject({ id: item.id, title: 'back', version: 3 });
  });

  it('updatedSince without includeDeleted hides deletes', async () => {
    const user = await registerUser(testApp.http);
    const kept = await createScheduleItem(testApp.http, user, { title: 'kept' });
    const deleted = await createScheduleItem(testApp.http, user, { title: 'deleted' });
    await testApp.http.delete(`/v1/schedule-items/${deleted.id}`).set(auth(user)).expect(204);

    const items = await syncAll(user, '2000-01-01T00:00:00Z', false);

    expect(items.map((item) => item.id)).toEqual([kept.id]);
  });

  it('sync covers only the window', async () => {
    const user = await registerUser(testApp.http);
    const inside = await createScheduleItem(testApp.http, user, { title: 'inside' });
    await createScheduleItem(testApp.http, user, {
      title: 'outside',
      startsAt: '2026-05-01T09:00:00Z',
      endsAt: '2026-05-01T10:00:00Z',
    });

    const items = await syncAll(user, undefined);

    expect(items.map((item) => item.id)).toEqual([inside.id]);
  });

  it('replay during concurrent writes misses nothing', async () => {
    const user = await registerUser(testApp.http);
    const replica = new Map<string, SyncItem>();
    let since: string | undefined;
    let writersDone = false;

    const pull = async () => {
      const items = await syncAll(user, since);
      for (const item of items) {
        replica.set(item.id, item);
      }
      since = items[items.length - 1]?.updatedAt ?? since;
    };

    const writer = async (writerIndex: number) => {
      const mine: string[] = [];
      for (let step = 0; step < 8; step += 1) {
        const target = mine[step % Math.max(mine.length, 1)];
        if (target === undefined || step % 3 === 0) {
          const created = await createScheduleItem(testApp.http, user, {
            title: `w${writerIndex} s${step}`,
          });
          mine.push(created.id);
        } else if (step % 3 === 1) {
          await testApp.http
            .patch(`/v1/schedule-items/${target}`)
            .set(auth(user))
            .send({ location: `room ${step}` });
        } else {
          await testApp.http.delete(`/v1/schedule-items/${target}`).set(auth(user));
        }
      }
    };

    const reader = async () => {
      while (!writersDone) {
        await pull();
      }
    };

    const readerRun = reader();
    await Promise.all([0, 1, 2].map(writer));
    writersDone = true;
    await readerRun;
    await pull();

    const live = (await listAllScheduleItems(testApp.http, user, {
      ...WINDOW,
      limit: 100,
    })) as unknown as SyncItem[];
    const replicaLive = [...replica.values()].filter((item) => item.deletedAt === undefined);
    expect(live.length).toBeGreaterThan(0);
    expect(replicaLive.map((item) => `${item.id}@${item.version}`).sort()).toEqual(
      live.map((item) => `${item.id}@${item.version}`).sort(),
    );
  });

  /** Changes an item as its owner and fails loudly on any status but 200. */
  const patchItem = async (
    user: RegisteredUser,
    id: string,
    fields: Record<string, unknown>,
  ): Promise<SyncItem> => {
    const response = await testApp.http
      .patch(`/v1/schedule-items/${id}`)
      .set(auth(user))
      .send(fields);
    if (response.status !== 200) {
      throw new Error(
        `patch schedule item failed with ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body as SyncItem;
  };

  const movesOf = (ownerId: string) =>
    queryDatabase<{ starts_at: Date; ends_at: Date; moved_at: Date }>(
      testApp.database.url,
      'SELECT starts_at, ends_at, moved_at FROM schedule_item_moves WHERE owner_id = $1',
      [ownerId],
    );

  describe('stored moves', () => {
    it('move stores the old range and stamp', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);

      const moved = await patchItem(user, item.id, MAY);
      const rows = await movesOf(user.id);

      expect(rows).toHaveLength(1);
      expect(rows[0]?.starts_at.toISOString()).toBe(new Date(item.startsAt).toISOString());
      expect(rows[0]?.ends_at.toISOString()).toBe(new Date(item.endsAt).toISOString());
      expect(rows[0]?.moved_at.toISOString()).toBe(moved.updatedAt);
    });

    it('title change stores no move', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);

      await patchItem(user, item.id, { title: 'renamed' });

      expect(await movesOf(user.id)).toEqual([]);
    });

    it('account deletion deletes the moves', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);
      await patchItem(user, item.id, MAY);
      const before = await movesOf(user.id);

      await deleteAccount(testApp.http, user);

      expect(before).toHaveLength(1);
      expect(await movesOf(user.id)).toEqual([]);
    });
  });
});

import { queryDatabase } from './support/database-rows';
import { deleteAccount, registerUser, RegisteredUser } from './support/factories';
import { createScheduleItem, listAllScheduleItems } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

/** Timed ranges in May and June 2026, both after WINDOW. */
const MAY = { startsAt: '2026-05-04T09:00:00.000Z', endsAt: '2026-05-04T10:00:00.000Z' };
const JUNE = { startsAt: '2026-06-08T09:00:00.000Z', endsAt: '2026-06-08T10:00:00.000Z' };

interface SyncItem {
  id: string;
  updatedAt: string;
  deletedAt?: string;
  version?: number;
  title?: string;
  startsAt?: string;
  endsAt?: string;
}

/** True when a full item overlaps WINDOW. A tombstone has no times, so it never does. */
function overlapsWindow(item: SyncItem): boolean {
  if (item.startsAt === undefined || item.endsAt === undefined) {
    return false;
  }
  return (
    Date.parse(item.startsAt) < Date.parse(WINDOW.to) &&
    Date.parse(item.endsAt) > Date.parse(WINDOW.from)
  );
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
    limit = 2,
  ): Promise<SyncItem[]> => {
    const query: Record<string, string | number | boolean> = { ...WINDOW, limit };
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

  /** Returns the updatedAt of the last item of a sync, which the next sync passes as since. */
  const lastStampOf = (items: SyncItem[]): string => {
    const last = items[items.length - 1];
    if (last === undefined) {
      throw new Error('The sync returned no item, so there is no stamp to continue from.');
    }
    return last.updatedAt;
  };

  /** Syncs the whole window once and returns the since of the next sync. */
  const syncedUpTo = async (user: RegisteredUser): Promise<string> =>
    lastStampOf(await syncAll(user, undefined));

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

  describe('items moved between syncs', () => {
    /** A timed hour in WINDOW other than the default times of createScheduleItem. */
    const MARCH = { startsAt: '2026-03-09T09:00:00.000Z', endsAt: '2026-03-09T10:00:00.000Z' };

    it('moved-out item is in next sync', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, MAY);
      const changes = await syncAll(user, since);

      expect(changes.map((change) => change.id)).toEqual([item.id]);
      expect(changes[0]).toMatchObject({ ...MAY, version: 2 });
    });

    it('item moved twice is reported once', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, MAY);
      await patchItem(user, item.id, JUNE);
      const changes = await syncAll(user, since);

      expect(changes.map((change) => change.id)).toEqual([item.id]);
      expect(changes[0]).toMatchObject({ ...JUNE, version: 3 });
    });

    it('moved-in item is reported', async () => {
      const user = await registerUser(testApp.http);
      await createScheduleItem(testApp.http, user, { title: 'marker' });
      const item = await createScheduleItem(testApp.http, user, MAY);
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, MARCH);
      const changes = await syncAll(user, since);

      expect(changes.map((change) => change.id)).toEqual([item.id]);
      expect(changes[0]).toMatchObject(MARCH);
    });

    it('item outside the window is not reported', async () => {
      const user = await registerUser(testApp.http);
      await createScheduleItem(testApp.http, user, { title: 'marker' });
      const item = await createScheduleItem(testApp.http, user, MAY);
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, { ...JUNE, title: 'still outside' });
      const changes = await syncAll(user, since);

      expect(changes).toEqual([]);
    });

    it('synced move is not reported again', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);
      const since = await syncedUpTo(user);
      await patchItem(user, item.id, MAY);
      const first = await syncAll(user, since);

      await patchItem(user, item.id, { title: 'renamed outside' });
      const again = await syncAll(user, lastStampOf(first));

      expect(first.map((change) => change.id)).toEqual([item.id]);
      expect(again).toEqual([]);
    });

    it('all-day item moved out is reported', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user, {
        allDay: true,
        startDate: '2026-03-10',
        endDate: '2026-03-11',
        timeZone: 'Europe/Berlin',
      });
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, { startDate: '2026-05-10', endDate: '2026-05-11' });
      const changes = await syncAll(user, since);

      expect(changes.map((change) => change.id)).toEqual([item.id]);
      expect(changes[0]).toMatchObject({ startDate: '2026-05-10', endDate: '2026-05-11' });
    });

    it('deleted moved-out item is a tombstone', async () => {
      const user = await registerUser(testApp.http);
      const item = await createScheduleItem(testApp.http, user);
      const since = await syncedUpTo(user);

      await patchItem(user, item.id, MAY);
      await testApp.http.delete(`/v1/schedule-items/${item.id}`).set(auth(user)).expect(204);
      const changes = await syncAll(user, since);

      expect(changes).toEqual([
        { id: item.id, deletedAt: expect.any(String), updatedAt: expect.any(String) },
      ]);
    });

    it('pages of one return each item once', async () => {
      const user = await registerUser(testApp.http);
      const movedOut = await createScheduleItem(testApp.http, user, { title: 'moved out' });
      const movedTwice = await createScheduleItem(testApp.http, user, { title: 'moved twice' });
      const movedIn = await createScheduleItem(testApp.http, user, { title: 'moved in', ...MAY });
      const outside = await createScheduleItem(testApp.http, user, { title: 'outside', ...MAY });
      const edited = await createScheduleItem(testApp.http, user, { title: 'edited' });
      const since = await syncedUpTo(user);

      await patchItem(user, movedOut.id, MAY);
      await patchItem(user, movedTwice.id, MAY);
      await patchItem(user, movedTwice.id, JUNE);
      await patchItem(user, movedIn.id, MARCH);
      await patchItem(user, outside.id, JUNE);
      await patchItem(user, edited.id, { title: 'edited again' });
      const changes = await syncAll(user, since, true, 1);

      expect(changes.map((change) => change.id)).toEqual([
        movedOut.id,
        movedTwice.id,
        movedIn.id,
        edited.id,
      ]);
    });

    it('replay with moves keeps the window exact', async () => {
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

      // Each writer moves items across the edge of the window both ways, and
      // leaves one item moved out, one moved in and one deleted after a move.
      const writer = async (writerIndex: number) => {
        const inside = {
          startsAt: `2026-03-1${writerIndex}T09:00:00.000Z`,
          endsAt: `2026-03-1${writerIndex}T10:00:00.000Z`,
        };
        const first = await createScheduleItem(testApp.http, user, inside);
        const second = await createScheduleItem(testApp.http, user, inside);
        const third = await createScheduleItem(testApp.http, user, MAY);
        await patchItem(user, first.id, MAY);
        await patchItem(user, third.id, inside);
        await patchItem(user, second.id, JUNE);
        await patchItem(user, first.id, { title: `w${writerIndex} renamed outside` });
        await patchItem(user, second.id, inside);
        await patchItem(user, third.id, JUNE);
        await testApp.http.delete(`/v1/schedule-items/${third.id}`).set(auth(user)).expect(204);
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
      const replicaInWindow = [...replica.values()].filter(
        (item) => item.deletedAt === undefined && overlapsWindow(item),
      );
      expect(live).toHaveLength(3);
      expect(replicaInWindow.map((item) => `${item.id}@${item.version}`).sort()).toEqual(
        live.map((item) => `${item.id}@${item.version}`).sort(),
      );
    });
  });
});

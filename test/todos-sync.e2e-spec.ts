import { Client } from 'pg';
import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, listAllPages } from './support/todos';

interface SyncItem {
  id: string;
  updatedAt: string;
  deletedAt?: string;
  version?: number;
  title?: string;
}

describe('todos sync', () => {
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

  /** Fetches every page of changes after since, as a sync client does. */
  const syncAll = async (
    user: RegisteredUser,
    since: string | undefined,
    includeDeleted = true,
  ): Promise<SyncItem[]> => {
    const query: Record<string, string | number | boolean> = { limit: 2 };
    if (includeDeleted) {
      query.includeDeleted = true;
    }
    if (since !== undefined) {
      query.updatedSince = since;
    }
    return (await listAllPages(testApp.http, user, query)) as unknown as SyncItem[];
  };

  it('sync returns changes once, deletes as tombstones', async () => {
    const user = await registerUser(testApp.http);
    const first = await createTodo(testApp.http, user, { title: 'A' });
    const second = await createTodo(testApp.http, user, { title: 'B' });
    const third = await createTodo(testApp.http, user, { title: 'C' });
    const initial = await syncAll(user, undefined);
    const since = initial[initial.length - 1]?.updatedAt;

    await testApp.http
      .patch(`/v1/todos/${first.id}`)
      .set(auth(user))
      .send({ title: 'A2' })
      .expect(200);
    await testApp.http.delete(`/v1/todos/${second.id}`).set(auth(user)).expect(204);
    const fourth = await createTodo(testApp.http, user, { title: 'D' });
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

  it('sync orders by updatedAt ascending', async () => {
    const user = await registerUser(testApp.http);
    const older = await createTodo(testApp.http, user, { title: 'older' });
    await createTodo(testApp.http, user, { title: 'newer' });
    await testApp.http
      .patch(`/v1/todos/${older.id}`)
      .set(auth(user))
      .send({ notes: 'n' })
      .expect(200);

    const items = await syncAll(user, undefined);

    const stamps = items.map((item) => Date.parse(item.updatedAt));
    expect(stamps).toEqual([...stamps].sort((left, right) => left - right));
    expect(items.map((item) => item.title)).toEqual(['newer', 'older']);
  });

  it('sync since last item returns nothing', async () => {
    const user = await registerUser(testApp.http);
    await createTodo(testApp.http, user);
    const items = await syncAll(user, undefined);

    const again = await syncAll(user, items[items.length - 1]?.updatedAt);

    expect(again).toEqual([]);
  });

  it('restore reappears as a full todo', async () => {
    const user = await registerUser(testApp.http);
    const todo = await createTodo(testApp.http, user, { title: 'back' });
    await testApp.http.delete(`/v1/todos/${todo.id}`).set(auth(user)).expect(204);
    const afterDelete = await syncAll(user, undefined);

    await testApp.http.post(`/v1/todos/${todo.id}/restore`).set(auth(user)).expect(200);
    const afterRestore = await syncAll(user, afterDelete[0]?.updatedAt);

    expect(afterDelete[0]?.deletedAt).toEqual(expect.any(String));
    expect(afterRestore).toHaveLength(1);
    expect(afterRestore[0]).toMatchObject({ id: todo.id, title: 'back', version: 3 });
  });

  it('updatedSince without includeDeleted hides deletes', async () => {
    const user = await registerUser(testApp.http);
    const kept = await createTodo(testApp.http, user, { title: 'kept' });
    const gone = await createTodo(testApp.http, user, { title: 'gone' });
    await testApp.http.delete(`/v1/todos/${gone.id}`).set(auth(user)).expect(204);

    const items = await syncAll(user, '2000-01-01T00:00:00Z', false);

    expect(items.map((item) => item.id)).toEqual([kept.id]);
  });

  it('sync clock orders concurrent writers', async () => {
    const user = await registerUser(testApp.http);
    const todo = await createTodo(testApp.http, user, { title: 'contended' });
    const client = new Client({ connectionString: testApp.database.url });
    await client.connect();

    try {
      // A slow writer: it takes a stamp, then keeps its transaction open.
      await client.query('BEGIN');
      const tick = await client.query<{ changed_at: Date }>(
        `UPDATE sync_clocks SET changed_at = GREATEST(clock_timestamp(), changed_at + interval '1 millisecond')
         WHERE owner_id = $1 AND collection = 'todos' RETURNING changed_at`,
        [user.id],
      );
      const slowStamp = tick.rows[0]?.changed_at as Date;
      let patchDone = false;
      const patch = testApp.http
        .patch(`/v1/todos/${todo.id}`)
        .set(auth(user))
        .send({ title: 'fast' })
        .then((response) => {
          patchDone = true;
          return response;
        });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const doneBeforeCommit = patchDone;

      await client.query(
        `INSERT INTO todos (owner_id, title, created_at, updated_at) VALUES ($1, 'slow', $2, $2)`,
        [user.id, slowStamp],
      );
      await client.query('COMMIT');
      const patched = await patch;

      expect(doneBeforeCommit).toBe(false);
      expect(patched.status).toBe(200);
      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(slowStamp.getTime());
    } finally {
      await client.end();
    }
  });

  it('replay during concurrent writes misses nothing', async () => {
    const user = await registerUser(testApp.http);
    const replica = new Map<string, SyncItem>();
    const seenStamps = new Set<string>();
    let duplicateStamps = 0;
    let since: string | undefined;
    let writersDone = false;

    const pull = async () => {
      const items = await syncAll(user, since);
      for (const item of items) {
        if (seenStamps.has(item.updatedAt)) {
          duplicateStamps += 1;
        }
        seenStamps.add(item.updatedAt);
        replica.set(item.id, item);
      }
      since = items[items.length - 1]?.updatedAt ?? since;
    };

    const writer = async (writerIndex: number) => {
      const mine: string[] = [];
      for (let step = 0; step < 8; step += 1) {
        const target = mine[step % Math.max(mine.length, 1)];
        if (target === undefined || step % 3 === 0) {
          mine.push(
            (await createTodo(testApp.http, user, { title: `w${writerIndex} s${step}` })).id,
          );
        } else if (step % 3 === 1) {
          await testApp.http
            .patch(`/v1/todos/${target}`)
            .set(auth(user))
            .send({ priority: step % 4 });
        } else {
          await testApp.http.delete(`/v1/todos/${target}`).set(auth(user));
        }
      }
    };

    const reader = async () => {
      while (!writersDone) {
        await pull();
      }
    };

    const readerRun = reader();
    await Promise.all([0, 1, 2, 3, 4].map(writer));
    writersDone = true;
    await readerRun;
    await pull();

    const live = (await listAllPages(testApp.http, user, { limit: 100 })) as unknown as SyncItem[];
    const replicaLive = [...replica.values()].filter((item) => item.deletedAt === undefined);
    expect(duplicateStamps).toBe(0);
    expect(replicaLive.map((item) => `${item.id}@${item.version}`).sort()).toEqual(
      live.map((item) => `${item.id}@${item.version}`).sort(),
    );
  });
});

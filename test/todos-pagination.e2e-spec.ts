import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, listTodos, TodoBody } from './support/todos';

type Sort = 'createdAt' | 'dueAt' | 'priority' | 'updatedAt';
type Order = 'asc' | 'desc';

const PAGE_SIZE = 3;

/** Seeds with repeated priorities and dueAt values and undated todos, so ties and NULLs cross page edges. */
const SEED: Record<string, unknown>[] = [
  { priority: 1, dueAt: '2026-05-01T00:00:00Z' },
  { priority: 3 },
  { priority: 1, dueAt: '2026-04-01T00:00:00Z' },
  { priority: 0, dueDate: '2026-04-15' },
  { priority: 2, dueAt: '2026-05-01T00:00:00Z' },
  { priority: 1 },
  { priority: 3, dueAt: '2026-04-01T00:00:00Z' },
  { priority: 0 },
  { priority: 2, dueAt: '2026-06-01T00:00:00Z' },
  { priority: 1 },
  { priority: 0, dueAt: '2026-05-01T00:00:00Z' },
  { priority: 2 },
];

function compareValues<T extends number | string>(left: T, right: T): number {
  if (left === right) {
    return 0;
  }
  return left < right ? -1 : 1;
}

/** Compares two todos in the list order: sort key (NULL dueAt after every date), then id. */
function compareInListOrder(left: TodoBody, right: TodoBody, sort: Sort, order: Order): number {
  const key = (todo: TodoBody): number => {
    const value = todo[sort];
    if (value === null) {
      return Number.POSITIVE_INFINITY;
    }
    return typeof value === 'number' ? value : Date.parse(value);
  };
  const byKey = compareValues(key(left), key(right));
  const ascending = byKey !== 0 ? byKey : compareValues(left.id, right.id);
  return order === 'asc' ? ascending : -ascending;
}

describe('todos pagination', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const remove = (user: RegisteredUser, id: string) =>
    testApp.http.delete(`/v1/todos/${id}`).set('Authorization', user.authorization).expect(204);

  const cases: [Sort, Order][] = (['createdAt', 'dueAt', 'priority', 'updatedAt'] as const).flatMap(
    (sort) => (['asc', 'desc'] as const).map((order): [Sort, Order] => [sort, order]),
  );

  describe.each(cases)('sort %s %s', (sort, order) => {
    let user: RegisteredUser;
    let seeded: TodoBody[];

    beforeAll(async () => {
      user = await registerUser(testApp.http);
      seeded = [];
      for (const [index, fields] of SEED.entries()) {
        seeded.push(await createTodo(testApp.http, user, { title: `seed ${index}`, ...fields }));
      }
    });

    it('pages cover every todo in order', async () => {
      const seen: TodoBody[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { sort, order, limit: PAGE_SIZE };
        const page = await listTodos(
          testApp.http,
          user,
          cursor === null ? query : { ...query, cursor },
        );
        seen.push(...(page.data as unknown as TodoBody[]));
        cursor = page.nextCursor;
      } while (cursor !== null);

      const expected = [...seeded].sort((left, right) =>
        compareInListOrder(left, right, sort, order),
      );
      expect(seen.map((todo) => todo.id)).toEqual(expected.map((todo) => todo.id));
    });

    it('writes between pages skip and repeat nothing', async () => {
      const seenIds: string[] = [];
      const deletedDuringWalk = new Set<string>();
      let cursor: string | null = null;
      let round = 0;

      do {
        const query: Record<string, string | number> = { sort, order, limit: PAGE_SIZE };
        const page = await listTodos(
          testApp.http,
          user,
          cursor === null ? query : { ...query, cursor },
        );
        const items = page.data as unknown as TodoBody[];
        seenIds.push(...items.map((todo) => todo.id));
        cursor = page.nextCursor;

        // Between pages: delete one row already returned and one not yet returned, and insert one.
        const unseen = seeded.find(
          (todo) => !seenIds.includes(todo.id) && !deletedDuringWalk.has(todo.id),
        );
        const returned = items[0];
        if (returned !== undefined && !deletedDuringWalk.has(returned.id)) {
          await remove(user, returned.id);
          deletedDuringWalk.add(returned.id);
        }
        if (unseen !== undefined && round % 2 === 0) {
          await remove(user, unseen.id);
          deletedDuringWalk.add(unseen.id);
        }
        await createTodo(testApp.http, user, {
          title: `inserted ${round}`,
          ...SEED[round % SEED.length],
        });
        round += 1;
      } while (cursor !== null);

      expect(new Set(seenIds).size).toBe(seenIds.length);
      const survivors = seeded.filter((todo) => !deletedDuringWalk.has(todo.id));
      for (const todo of survivors) {
        expect(seenIds).toContain(todo.id);
      }
    });
  });
});

import { DataSource } from 'typeorm';
import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, listAllPages, TodoBody } from './support/todos';

describe('todos ownership', () => {
  let testApp: TestApp;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  let todo: TodoBody;
  let deletedTodo: TodoBody;

  beforeAll(async () => {
    testApp = await startTestApp();
    owner = await registerUser(testApp.http);
    stranger = await registerUser(testApp.http);
    todo = await createTodo(testApp.http, owner, { title: 'private plans', visibility: 'friends' });
    deletedTodo = await createTodo(testApp.http, owner, { title: 'deleted plans' });
    await testApp.http
      .delete(`/v1/todos/${deletedTodo.id}`)
      .set('Authorization', owner.authorization)
      .expect(204);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const asStranger = (method: 'get' | 'patch' | 'delete' | 'post', path: string) =>
    testApp.http[method](path).set('Authorization', stranger.authorization);

  it.each([
    ['GET', () => asStranger('get', `/v1/todos/${todo.id}`)],
    ['PATCH', () => asStranger('patch', `/v1/todos/${todo.id}`).send({ title: 'mine now' })],
    ['DELETE', () => asStranger('delete', `/v1/todos/${todo.id}`)],
    ['restore', () => asStranger('post', `/v1/todos/${deletedTodo.id}/restore`)],
  ])('stranger %s is todo_not_found', async (_route, send) => {
    const response = await send();

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('todo_not_found');
  });

  it('stranger requests change nothing', async () => {
    const current = await testApp.http
      .get(`/v1/todos/${todo.id}`)
      .set('Authorization', owner.authorization);
    const restored = await testApp.http
      .get(`/v1/todos/${deletedTodo.id}`)
      .set('Authorization', owner.authorization);

    expect(current.body).toEqual(todo);
    expect(restored.status).toBe(404);
  });

  it('stranger list never shows the todo', async () => {
    const items = await listAllPages(testApp.http, stranger, {});
    const synced = await listAllPages(testApp.http, stranger, { includeDeleted: true });

    expect(items).toEqual([]);
    expect(synced).toEqual([]);
  });

  it('deleted todo never appears in lists', async () => {
    const queries: Record<string, string | boolean>[] = [
      {},
      { sort: 'dueAt' },
      { sort: 'priority' },
      { sort: 'updatedAt' },
      { q: 'plans' },
      { completed: false },
      { updatedSince: '2000-01-01T00:00:00Z' },
    ];

    for (const query of queries) {
      const items = await listAllPages(testApp.http, owner, query);
      expect(items.map((item) => item.id)).not.toContain(deletedTodo.id);
    }
  });

  it('account deletion soft-deletes todos', async () => {
    const leaving = await registerUser(testApp.http);
    const mine = await createTodo(testApp.http, leaving);
    await testApp.http
      .delete('/v1/profiles/me')
      .set('Authorization', leaving.authorization)
      .expect(204);

    const rows: { deleted_at: Date | null }[] = await testApp.app
      .get(DataSource)
      .query('SELECT deleted_at FROM todos WHERE id = $1', [mine.id]);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.deleted_at).not.toBeNull();
  });

  it('account deletion removes idempotency keys', async () => {
    const leaving = await registerUser(testApp.http);
    await testApp.http
      .post('/v1/todos')
      .set('Authorization', leaving.authorization)
      .set('Idempotency-Key', 'leaving-key')
      .send({ title: 'stored response' })
      .expect(201);
    await testApp.http
      .delete('/v1/profiles/me')
      .set('Authorization', leaving.authorization)
      .expect(204);

    const rows: unknown[] = await testApp.app
      .get(DataSource)
      .query('SELECT 1 FROM idempotency_keys WHERE owner_id = $1', [leaving.id]);

    expect(rows).toHaveLength(0);
  });
});

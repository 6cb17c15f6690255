import { randomUUID } from 'node:crypto';
import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo } from './support/todos';

describe('todos CRUD', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const post = (body: unknown) =>
    testApp.http
      .post('/v1/todos')
      .set('Authorization', user.authorization)
      .send(body as object);
  const get = (id: string) =>
    testApp.http.get(`/v1/todos/${id}`).set('Authorization', user.authorization);
  const patch = (id: string, body: unknown) =>
    testApp.http
      .patch(`/v1/todos/${id}`)
      .set('Authorization', user.authorization)
      .send(body as object);
  const remove = (id: string) =>
    testApp.http.delete(`/v1/todos/${id}`).set('Authorization', user.authorization);
  const restore = (id: string) =>
    testApp.http.post(`/v1/todos/${id}/restore`).set('Authorization', user.authorization);

  describe('POST /v1/todos', () => {
    it('create returns 201 with defaults', async () => {
      const response = await post({ title: 'Buy milk' });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        title: 'Buy milk',
        notes: null,
        completed: false,
        completedAt: null,
        dueAt: null,
        dueDate: null,
        priority: 0,
        visibility: 'private',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('create sends Location and ETag', async () => {
      const response = await post({ title: 'Headers' });

      expect(response.headers.location).toBe(`/v1/todos/${response.body.id}`);
      expect(response.headers.etag).toBe('"1"');
    });

    it('create stores every field', async () => {
      const response = await post({
        title: '  Plan trip  ',
        notes: 'Book trains',
        completed: true,
        dueAt: '2026-03-01T09:30:00+02:00',
        priority: 3,
        visibility: 'friends',
      });

      expect(response.status).toBe(201);
      expect(response.body.title).toBe('Plan trip');
      expect(response.body.notes).toBe('Book trains');
      expect(response.body.completed).toBe(true);
      expect(response.body.completedAt).toEqual(expect.any(String));
      expect(response.body.dueAt).toBe('2026-03-01T07:30:00.000Z');
      expect(response.body.priority).toBe(3);
      expect(response.body.visibility).toBe('friends');
    });

    it('create keeps dueDate as sent', async () => {
      const response = await post({ title: 'Dated', dueDate: '2026-12-31' });

      expect(response.status).toBe(201);
      expect(response.body.dueDate).toBe('2026-12-31');
      expect(response.body.dueAt).toBeNull();
    });

    it.each([
      ['missing title', {}],
      ['blank title', { title: '   ' }],
      ['title over 500 chars', { title: 'x'.repeat(501) }],
      ['notes over 10000 chars', { title: 't', notes: 'n'.repeat(10_001) }],
      ['priority above 3', { title: 't', priority: 4 }],
      ['negative priority', { title: 't', priority: -1 }],
      ['fractional priority', { title: 't', priority: 1.5 }],
      ['null priority', { title: 't', priority: null }],
      ['unknown visibility', { title: 't', visibility: 'public' }],
      ['dueAt without offset', { title: 't', dueAt: '2026-03-01T09:30:00' }],
      ['dueAt on no real day', { title: 't', dueAt: '2026-02-30T09:30:00Z' }],
      ['dueDate not a day', { title: 't', dueDate: '2026-02-30' }],
      ['dueDate with a time', { title: 't', dueDate: '2026-03-01T00:00:00Z' }],
      [
        'both dueAt and dueDate',
        { title: 't', dueAt: '2026-03-01T09:30:00Z', dueDate: '2026-03-01' },
      ],
      ['unknown field', { title: 't', colour: 'red' }],
      ['completed as string', { title: 't', completed: 'yes' }],
    ])('create rejects %s', async (_case, body) => {
      const response = await post(body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    });

    it('create without token is 401', async () => {
      const response = await testApp.http.post('/v1/todos').send({ title: 't' });

      expect(response.status).toBe(401);
      expect(response.body.code).toBe('unauthorized');
    });
  });

  describe('GET /v1/todos/{id}', () => {
    it('get returns the todo and ETag', async () => {
      const todo = await createTodo(testApp.http, user, { title: 'Read' });

      const response = await get(todo.id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(todo);
      expect(response.headers.etag).toBe('"1"');
    });

    it('get unknown id is 404', async () => {
      const response = await get(randomUUID());

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });

    it('get malformed id is 400', async () => {
      const response = await get('not-a-uuid');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_id');
    });
  });

  describe('PATCH /v1/todos/{id}', () => {
    it('patch changes only sent fields', async () => {
      const todo = await createTodo(testApp.http, user, { title: 'Old', notes: 'Keep' });

      const response = await patch(todo.id, { title: 'New', priority: 2 });

      expect(response.status).toBe(200);
      expect(response.body.title).toBe('New');
      expect(response.body.priority).toBe(2);
      expect(response.body.notes).toBe('Keep');
      expect(response.body.version).toBe(2);
      expect(response.headers.etag).toBe('"2"');
    });

    it('patch completed true sets completedAt', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { completed: true });

      expect(response.body.completed).toBe(true);
      expect(Date.parse(response.body.completedAt)).toBeGreaterThanOrEqual(
        Date.parse(todo.updatedAt),
      );
    });

    it('patch completed twice keeps completedAt', async () => {
      const todo = await createTodo(testApp.http, user, { completed: true });

      const response = await patch(todo.id, { completed: true });

      expect(response.body.completedAt).toBe(todo.completedAt);
    });

    it('patch completed false clears completedAt', async () => {
      const todo = await createTodo(testApp.http, user, { completed: true });

      const response = await patch(todo.id, { completed: false });

      expect(response.body.completed).toBe(false);
      expect(response.body.completedAt).toBeNull();
    });

    it('patch null clears optional fields', async () => {
      const todo = await createTodo(testApp.http, user, {
        notes: 'n',
        dueAt: '2026-03-01T09:30:00Z',
      });

      const response = await patch(todo.id, { notes: null, dueAt: null });

      expect(response.status).toBe(200);
      expect(response.body.notes).toBeNull();
      expect(response.body.dueAt).toBeNull();
    });

    it('patch switches dueAt to dueDate', async () => {
      const todo = await createTodo(testApp.http, user, { dueAt: '2026-03-01T09:30:00Z' });

      const response = await patch(todo.id, { dueAt: null, dueDate: '2026-03-02' });

      expect(response.status).toBe(200);
      expect(response.body.dueAt).toBeNull();
      expect(response.body.dueDate).toBe('2026-03-02');
    });

    it('patch rejects merged dueAt and dueDate', async () => {
      const todo = await createTodo(testApp.http, user, { dueAt: '2026-03-01T09:30:00Z' });

      const response = await patch(todo.id, { dueDate: '2026-03-02' });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(response.body.errors[0].field).toBe('dueDate');
    });

    it('patch rejected leaves todo unchanged', async () => {
      const todo = await createTodo(testApp.http, user, { dueAt: '2026-03-01T09:30:00Z' });

      await patch(todo.id, { title: 'Changed', dueDate: '2026-03-02' });

      const response = await get(todo.id);
      expect(response.body).toEqual(todo);
    });

    it.each([
      ['null title', { title: null }],
      ['blank title', { title: ' ' }],
      ['null completed', { completed: null }],
      ['null visibility', { visibility: null }],
      ['priority out of range', { priority: 9 }],
      ['unknown field', { done: true }],
    ])('patch rejects %s', async (_case, body) => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    });

    it('patch empty body changes nothing', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, {});

      expect(response.status).toBe(200);
      expect(response.body).toEqual(todo);
    });

    it('patch unknown id is 404', async () => {
      const response = await patch(randomUUID(), { title: 'x' });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });

    it('patch deleted todo is 404', async () => {
      const todo = await createTodo(testApp.http, user);
      await remove(todo.id);

      const response = await patch(todo.id, { title: 'x' });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });
  });

  describe('DELETE /v1/todos/{id}', () => {
    it('delete returns 204', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await remove(todo.id);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('delete hides the todo from get', async () => {
      const todo = await createTodo(testApp.http, user);
      await remove(todo.id);

      const response = await get(todo.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });

    it('delete twice is 404', async () => {
      const todo = await createTodo(testApp.http, user);
      await remove(todo.id);

      const response = await remove(todo.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });

    it('delete malformed id is 400', async () => {
      const response = await remove('123');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_id');
    });
  });

  describe('POST /v1/todos/{id}/restore', () => {
    it('restore brings back a deleted todo', async () => {
      const todo = await createTodo(testApp.http, user, { title: 'Back' });
      await remove(todo.id);

      const response = await restore(todo.id);

      expect(response.status).toBe(200);
      expect(response.body.title).toBe('Back');
      expect(response.body.version).toBe(3);
      expect(response.headers.etag).toBe('"3"');
      expect((await get(todo.id)).status).toBe(200);
    });

    it('restore live todo is 404', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await restore(todo.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });

    it('restore unknown id is 404', async () => {
      const response = await restore(randomUUID());

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });
  });
});

import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo } from './support/todos';

describe('todos concurrency', () => {
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

  const patch = (id: string, body: object, ifMatch?: string) => {
    const request = testApp.http.patch(`/v1/todos/${id}`).set('Authorization', user.authorization);
    return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const remove = (id: string, ifMatch?: string) => {
    const request = testApp.http.delete(`/v1/todos/${id}`).set('Authorization', user.authorization);
    return ifMatch === undefined ? request : request.set('If-Match', ifMatch);
  };

  describe('If-Match on PATCH', () => {
    it('current ETag applies the patch', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { title: 'matched' }, '"1"');

      expect(response.status).toBe(200);
      expect(response.body.version).toBe(2);
    });

    it('stale ETag is 412', async () => {
      const todo = await createTodo(testApp.http, user);
      await patch(todo.id, { title: 'first' }).expect(200);

      const response = await patch(todo.id, { title: 'second' }, '"1"');

      expect(response.status).toBe(412);
      expect(response.body.code).toBe('precondition_failed');
    });

    it('stale ETag leaves todo unchanged', async () => {
      const todo = await createTodo(testApp.http, user, { title: 'kept' });
      await patch(todo.id, { notes: 'bump' }).expect(200);

      await patch(todo.id, { title: 'lost' }, '"1"');

      const current = await testApp.http
        .get(`/v1/todos/${todo.id}`)
        .set('Authorization', user.authorization);
      expect(current.body.title).toBe('kept');
      expect(current.body.version).toBe(2);
    });

    it('weak ETag is accepted', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { title: 'weak' }, 'W/"1"');

      expect(response.status).toBe(200);
    });

    it('star matches any version', async () => {
      const todo = await createTodo(testApp.http, user);
      await patch(todo.id, { title: 'bump' }).expect(200);

      const response = await patch(todo.id, { title: 'star' }, '*');

      expect(response.status).toBe(200);
      expect(response.body.version).toBe(3);
    });

    it('list matches any listed version', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { title: 'listed' }, '"7", "1"');

      expect(response.status).toBe(200);
    });

    it('non-numeric ETag is 412', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { title: 'x' }, '"abc"');

      expect(response.status).toBe(412);
    });

    it('unquoted ETag is 400', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await patch(todo.id, { title: 'x' }, '1');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    });

    it('If-Match on unknown todo is 404', async () => {
      const todo = await createTodo(testApp.http, user);
      await remove(todo.id).expect(204);

      const response = await patch(todo.id, { title: 'x' }, '"1"');

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('todo_not_found');
    });
  });

  describe('If-Match on DELETE', () => {
    it('current ETag deletes', async () => {
      const todo = await createTodo(testApp.http, user);

      const response = await remove(todo.id, '"1"');

      expect(response.status).toBe(204);
    });

    it('stale ETag is 412 and keeps todo', async () => {
      const todo = await createTodo(testApp.http, user);
      await patch(todo.id, { title: 'bump' }).expect(200);

      const response = await remove(todo.id, '"1"');

      expect(response.status).toBe(412);
      expect(response.body.code).toBe('precondition_failed');
      const current = await testApp.http
        .get(`/v1/todos/${todo.id}`)
        .set('Authorization', user.authorization);
      expect(current.status).toBe(200);
    });
  });

  describe('concurrent writes', () => {
    it('ten concurrent patches all apply', async () => {
      const todo = await createTodo(testApp.http, user);

      const responses = await Promise.all(
        Array.from({ length: 10 }, (_unused, index) =>
          patch(todo.id, { notes: `writer ${index}` }),
        ),
      );

      for (const response of responses) {
        expect(response.status).toBe(200);
      }
      const versions = responses
        .map((response) => response.body.version as number)
        .sort((a, b) => a - b);
      expect(versions).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      const current = await testApp.http
        .get(`/v1/todos/${todo.id}`)
        .set('Authorization', user.authorization);
      expect(current.body.version).toBe(11);
    });

    it('concurrent If-Match patches: one wins', async () => {
      const todo = await createTodo(testApp.http, user);

      const responses = await Promise.all(
        Array.from({ length: 5 }, (_unused, index) => patch(todo.id, { notes: `${index}` }, '"1"')),
      );

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412]);
    });

    it('concurrent dueAt and dueDate: one wins', async () => {
      const todo = await createTodo(testApp.http, user);

      const responses = await Promise.all([
        patch(todo.id, { dueAt: '2026-03-01T09:30:00Z' }),
        patch(todo.id, { dueDate: '2026-03-01' }),
      ]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 400]);
    });
  });
});

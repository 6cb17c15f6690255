import { registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, listAllPages, listTodos } from './support/todos';

describe('todos list', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  const titlesOf = (items: Record<string, unknown>[]) => items.map((item) => item.title);

  const list = (user: RegisteredUser, query: Record<string, string | number | boolean>) =>
    testApp.http.get('/v1/todos').query(query).set('Authorization', user.authorization);

  describe('filters', () => {
    let user: RegisteredUser;

    beforeAll(async () => {
      user = await registerUser(testApp.http);
      await createTodo(testApp.http, user, { title: 'open private' });
      await createTodo(testApp.http, user, {
        title: 'done friends',
        completed: true,
        visibility: 'friends',
      });
      await createTodo(testApp.http, user, { title: '100% sure_thing' });
      await createTodo(testApp.http, user, { title: '100 percent surething' });
      await createTodo(testApp.http, user, { title: 'Due morning', dueAt: '2026-03-10T08:00:00Z' });
      await createTodo(testApp.http, user, { title: 'Due evening', dueAt: '2026-03-10T20:00:00Z' });
      await createTodo(testApp.http, user, {
        title: 'Due next day',
        dueAt: '2026-03-11T00:00:00Z',
      });
      await createTodo(testApp.http, user, { title: 'Dated tenth', dueDate: '2026-03-10' });
      await createTodo(testApp.http, user, { title: 'Dated twelfth', dueDate: '2026-03-12' });
      const deleted = await createTodo(testApp.http, user, { title: 'deleted open' });
      await testApp.http.delete(`/v1/todos/${deleted.id}`).set('Authorization', user.authorization);
    });

    it('list without filters returns live todos', async () => {
      const items = await listAllPages(testApp.http, user, {});

      expect(items).toHaveLength(9);
      expect(titlesOf(items)).not.toContain('deleted open');
    });

    it('completed true keeps completed todos', async () => {
      const items = await listAllPages(testApp.http, user, { completed: true });

      expect(titlesOf(items)).toEqual(['done friends']);
    });

    it('completed false keeps open todos', async () => {
      const items = await listAllPages(testApp.http, user, { completed: false });

      expect(items).toHaveLength(8);
      expect(titlesOf(items)).not.toContain('done friends');
    });

    it('visibility keeps matching todos', async () => {
      const items = await listAllPages(testApp.http, user, { visibility: 'friends' });

      expect(titlesOf(items)).toEqual(['done friends']);
    });

    it('q matches title case-insensitively', async () => {
      const items = await listAllPages(testApp.http, user, { q: 'DUE' });

      expect(titlesOf(items).sort()).toEqual(['Due evening', 'Due morning', 'Due next day']);
    });

    it('q matches percent literally', async () => {
      const items = await listAllPages(testApp.http, user, { q: '100%' });

      expect(titlesOf(items)).toEqual(['100% sure_thing']);
    });

    it('q matches underscore literally', async () => {
      const items = await listAllPages(testApp.http, user, { q: 'sure_' });

      expect(titlesOf(items)).toEqual(['100% sure_thing']);
    });

    it('due window is half-open', async () => {
      const items = await listAllPages(testApp.http, user, {
        dueFrom: '2026-03-10T08:00:00Z',
        dueTo: '2026-03-11T00:00:00Z',
        sort: 'dueAt',
      });

      expect(titlesOf(items)).toEqual(['Due morning', 'Due evening', 'Dated tenth']);
    });

    it('due window matches overlapping dueDate', async () => {
      const items = await listAllPages(testApp.http, user, {
        dueFrom: '2026-03-12T23:00:00Z',
        dueTo: '2026-03-13T00:00:00Z',
      });

      expect(titlesOf(items)).toEqual(['Dated twelfth']);
    });

    it('dueFrom alone has no upper bound', async () => {
      const items = await listAllPages(testApp.http, user, { dueFrom: '2026-03-11T00:00:00Z' });

      expect(titlesOf(items).sort()).toEqual(['Dated twelfth', 'Due next day']);
    });

    it('dueTo alone has no lower bound', async () => {
      const items = await listAllPages(testApp.http, user, { dueTo: '2026-03-10T08:00:01Z' });

      expect(titlesOf(items).sort()).toEqual(['Dated tenth', 'Due morning']);
    });

    it('filters combine with and', async () => {
      const items = await listAllPages(testApp.http, user, {
        q: 'due',
        dueTo: '2026-03-10T12:00:00Z',
      });

      expect(titlesOf(items)).toEqual(['Due morning']);
    });

    it.each([
      ['completed not boolean', { completed: 'yes' }],
      ['dueFrom without offset', { dueFrom: '2026-03-10T08:00:00' }],
      [
        'dueTo not after dueFrom',
        { dueFrom: '2026-03-10T08:00:00Z', dueTo: '2026-03-10T08:00:00Z' },
      ],
      ['empty q', { q: '' }],
      ['unknown visibility', { visibility: 'public' }],
      ['unknown sort', { sort: 'title' }],
      ['unknown order', { order: 'up' }],
      ['limit zero', { limit: 0 }],
      ['limit above 100', { limit: 101 }],
      ['unknown parameter', { colour: 'red' }],
      ['sync with filter', { updatedSince: '2026-01-01T00:00:00Z', completed: true }],
      ['sync with other sort', { includeDeleted: true, sort: 'createdAt' }],
      ['sync with descending order', { includeDeleted: true, order: 'desc' }],
    ])('list rejects %s', async (_case, query) => {
      const response = await list(user, query);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
    });
  });

  describe('time zone of dueDate', () => {
    it('dueDate day follows profile time zone', async () => {
      const user = await registerUser(testApp.http);
      await testApp.http
        .patch('/v1/profiles/me')
        .set('Authorization', user.authorization)
        .send({ timeZone: 'Pacific/Kiritimati' })
        .expect(200);
      await createTodo(testApp.http, user, { title: 'Dated', dueDate: '2026-03-10' });

      // In UTC+14, 10 March runs from 9 March 10:00 UTC to 10 March 10:00 UTC.
      const before = await listAllPages(testApp.http, user, {
        dueFrom: '2026-03-09T00:00:00Z',
        dueTo: '2026-03-09T10:00:00Z',
      });
      const inside = await listAllPages(testApp.http, user, {
        dueFrom: '2026-03-10T09:00:00Z',
        dueTo: '2026-03-10T09:30:00Z',
      });
      const after = await listAllPages(testApp.http, user, {
        dueFrom: '2026-03-10T10:00:00Z',
        dueTo: '2026-03-10T23:00:00Z',
      });

      expect(before).toHaveLength(0);
      expect(inside).toHaveLength(1);
      expect(after).toHaveLength(0);
    });
  });

  describe('sorts', () => {
    let user: RegisteredUser;

    beforeAll(async () => {
      user = await registerUser(testApp.http);
      await createTodo(testApp.http, user, {
        title: 'first',
        priority: 1,
        dueAt: '2026-05-01T00:00:00Z',
      });
      await createTodo(testApp.http, user, { title: 'second', priority: 3 });
      await createTodo(testApp.http, user, {
        title: 'third',
        priority: 0,
        dueAt: '2026-04-01T00:00:00Z',
      });
    });

    it('default sort is createdAt desc', async () => {
      const page = await listTodos(testApp.http, user);

      expect(titlesOf(page.data)).toEqual(['third', 'second', 'first']);
    });

    it('createdAt asc lists oldest first', async () => {
      const page = await listTodos(testApp.http, user, { sort: 'createdAt', order: 'asc' });

      expect(titlesOf(page.data)).toEqual(['first', 'second', 'third']);
    });

    it('priority defaults to most important', async () => {
      const page = await listTodos(testApp.http, user, { sort: 'priority' });

      expect(titlesOf(page.data)).toEqual(['second', 'first', 'third']);
    });

    it('dueAt defaults to soonest, undated last', async () => {
      const page = await listTodos(testApp.http, user, { sort: 'dueAt' });

      expect(titlesOf(page.data)).toEqual(['third', 'first', 'second']);
    });

    it('dueAt desc puts undated first', async () => {
      const page = await listTodos(testApp.http, user, { sort: 'dueAt', order: 'desc' });

      expect(titlesOf(page.data)).toEqual(['second', 'first', 'third']);
    });

    it('updatedAt defaults to latest change', async () => {
      const [oldest] = (await listTodos(testApp.http, user, { sort: 'createdAt', order: 'asc' }))
        .data;
      await testApp.http
        .patch(`/v1/todos/${oldest?.id as string}`)
        .set('Authorization', user.authorization)
        .send({ notes: 'touched' })
        .expect(200);

      const page = await listTodos(testApp.http, user, { sort: 'updatedAt' });

      expect(titlesOf(page.data)).toEqual(['first', 'third', 'second']);
    });
  });

  describe('cursors', () => {
    let user: RegisteredUser;

    beforeAll(async () => {
      user = await registerUser(testApp.http);
      for (let index = 0; index < 3; index += 1) {
        await createTodo(testApp.http, user, { title: `todo ${index}` });
      }
    });

    it('limit cuts the page and sets nextCursor', async () => {
      const page = await listTodos(testApp.http, user, { limit: 2 });

      expect(page.data).toHaveLength(2);
      expect(page.nextCursor).toEqual(expect.any(String));
    });

    it('last page has null nextCursor', async () => {
      const page = await listTodos(testApp.http, user, { limit: 3 });

      expect(page.data).toHaveLength(3);
      expect(page.nextCursor).toBeNull();
    });

    it.each([
      ['another filter', { completed: false }],
      ['another sort', { sort: 'priority' }],
      ['another order', { order: 'asc' }],
      ['another q', { q: 'todo' }],
      ['sync parameters', { includeDeleted: true }],
    ])('cursor with %s is invalid_cursor', async (_case, query) => {
      const first = await listTodos(testApp.http, user, { limit: 1 });

      const response = await list(user, { limit: 1, cursor: first.nextCursor as string, ...query });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_cursor');
    });

    it('garbage cursor is invalid_cursor', async () => {
      const response = await list(user, { cursor: 'not-a-cursor' });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_cursor');
    });

    it('forged cursor value is invalid_cursor', async () => {
      const first = await listTodos(testApp.http, user, { limit: 1 });
      const payload = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...payload, v: 'yesterday' })).toString(
        'base64url',
      );

      const response = await list(user, { limit: 1, cursor: forged });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_cursor');
    });

    it('null cursor value on createdAt is invalid_cursor', async () => {
      const first = await listTodos(testApp.http, user, { limit: 1 });
      const payload = JSON.parse(Buffer.from(first.nextCursor as string, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ n: true, i: payload.i, f: payload.f })).toString(
        'base64url',
      );

      const response = await list(user, { limit: 1, cursor: forged });

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_cursor');
    });
  });
});

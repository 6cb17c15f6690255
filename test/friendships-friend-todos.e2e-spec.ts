import { deleteAccount, expectProblem, registerUser, RegisteredUser } from './support/factories';
import {
  answer,
  block,
  listAll,
  makeFriends,
  removeFriendship,
  requestFriendship,
  unblock,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo, TodoBody } from './support/todos';

interface FriendTodoBody {
  id: string;
  title: string;
}

describe("friends' todos", () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function friendTodos(
    viewer: RegisteredUser,
    ownerId: string,
    query: Record<string, string | number> = {},
  ) {
    return testApp.http
      .get(`/v1/friends/${ownerId}/todos`)
      .query(query)
      .set('Authorization', viewer.authorization);
  }

  async function twoUsers(): Promise<[RegisteredUser, RegisteredUser]> {
    return [await registerUser(testApp.http), await registerUser(testApp.http)];
  }

  /** Registers an owner with one private and one shared todo, and a viewer. */
  async function ownerWithTodos(): Promise<{
    owner: RegisteredUser;
    viewer: RegisteredUser;
    shared: TodoBody;
    hidden: TodoBody;
  }> {
    const [owner, viewer] = await twoUsers();
    const shared = await createTodo(testApp.http, owner, {
      title: 'Shared',
      notes: 'for me only',
      visibility: 'friends',
      priority: 2,
      dueDate: '2026-03-01',
    });
    const hidden = await createTodo(testApp.http, owner, { title: 'Private' });
    return { owner, viewer, shared, hidden };
  }

  describe('accepted friend', () => {
    it('sees friends todos only', async () => {
      const { owner, viewer, shared } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);

      const response = await friendTodos(viewer, owner.id);

      expect(response.status).toBe(200);
      expect((response.body.data as FriendTodoBody[]).map((todo) => todo.id)).toEqual([shared.id]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('gets public fields without notes', async () => {
      const { owner, viewer, shared } = await ownerWithTodos();
      await makeFriends(testApp.http, owner, viewer);

      const response = await friendTodos(viewer, owner.id);

      expect(response.body.data).toEqual([
        {
          id: shared.id,
          title: 'Shared',
          completed: false,
          completedAt: null,
          dueAt: null,
          dueDate: '2026-03-01',
          priority: 2,
          createdAt: shared.createdAt,
          updatedAt: shared.updatedAt,
        },
      ]);
    });

    it('never sees a private todo', async () => {
      const { owner, viewer, hidden } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);

      const items = await listAll<FriendTodoBody>(
        testApp.http,
        viewer,
        `/v1/friends/${owner.id}/todos`,
      );

      expect(items.map((todo) => todo.id)).not.toContain(hidden.id);
    });

    it('todo made private disappears', async () => {
      const { owner, viewer, shared } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await testApp.http
        .patch(`/v1/todos/${shared.id}`)
        .set('Authorization', owner.authorization)
        .send({ visibility: 'private' })
        .expect(200);

      const response = await friendTodos(viewer, owner.id);

      expect(response.body.data).toEqual([]);
    });

    it('deleted todo disappears', async () => {
      const { owner, viewer, shared } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await testApp.http
        .delete(`/v1/todos/${shared.id}`)
        .set('Authorization', owner.authorization)
        .expect(204);

      const response = await friendTodos(viewer, owner.id);

      expect(response.body.data).toEqual([]);
    });

    it('owner sees the viewer todos too', async () => {
      const { owner, viewer } = await ownerWithTodos();
      const viewerTodo = await createTodo(testApp.http, viewer, { visibility: 'friends' });
      await makeFriends(testApp.http, viewer, owner);

      const response = await friendTodos(owner, viewer.id);

      expect((response.body.data as FriendTodoBody[]).map((todo) => todo.id)).toEqual([
        viewerTodo.id,
      ]);
    });

    it('pages newest first', async () => {
      const [owner, viewer] = await twoUsers();
      const created: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        created.push((await createTodo(testApp.http, owner, { visibility: 'friends' })).id);
        await createTodo(testApp.http, owner, { visibility: 'private' });
      }
      await makeFriends(testApp.http, viewer, owner);

      const items = await listAll<FriendTodoBody>(
        testApp.http,
        viewer,
        `/v1/friends/${owner.id}/todos`,
        { limit: 2 },
      );

      expect(items.map((todo) => todo.id)).toEqual([...created].reverse());
    });

    it('cursor for another friend is 400', async () => {
      const [owner, other] = await twoUsers();
      const [viewer] = await twoUsers();
      for (let index = 0; index < 3; index += 1) {
        await createTodo(testApp.http, owner, { visibility: 'friends' });
      }
      await makeFriends(testApp.http, viewer, owner);
      await makeFriends(testApp.http, viewer, other);
      const first = await friendTodos(viewer, owner.id, { limit: 1 });

      const response = await friendTodos(viewer, other.id, {
        limit: 1,
        cursor: first.body.nextCursor,
      });

      expectProblem(response, 400, 'invalid_cursor');
    });
  });

  describe('not a friend', () => {
    it('stranger is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('pending request is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      await requestFriendship(testApp.http, viewer, owner);

      const asRequester = await friendTodos(viewer, owner.id);
      const asAddressee = await friendTodos(owner, viewer.id);

      expectProblem(asRequester, 404, 'profile_not_found');
      expectProblem(asAddressee, 404, 'profile_not_found');
    });

    it('declined request is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      const request = await requestFriendship(testApp.http, viewer, owner);
      await answer(testApp.http, owner, request.id, 'decline').expect(200);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('ended friendship is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      const friendship = await makeFriends(testApp.http, viewer, owner);
      await removeFriendship(testApp.http, owner, friendship.id).expect(204);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('owner blocked viewer is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await block(testApp.http, owner, viewer.id).expect(201);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('viewer blocked owner is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await block(testApp.http, viewer, owner.id).expect(201);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('unblock does not restore access', async () => {
      const { owner, viewer } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await block(testApp.http, owner, viewer.id).expect(201);
      await unblock(testApp.http, owner, viewer.id).expect(204);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('deleted owner is 404', async () => {
      const { owner, viewer } = await ownerWithTodos();
      await makeFriends(testApp.http, viewer, owner);
      await deleteAccount(testApp.http, owner);

      const response = await friendTodos(viewer, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('own id is 404', async () => {
      const { owner } = await ownerWithTodos();

      const response = await friendTodos(owner, owner.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('unknown id is 404', async () => {
      const { viewer } = await ownerWithTodos();

      const response = await friendTodos(viewer, '00000000-0000-4000-8000-000000000000');

      expectProblem(response, 404, 'profile_not_found');
    });

    it('malformed id is 400', async () => {
      const { viewer } = await ownerWithTodos();

      const response = await friendTodos(viewer, 'not-a-uuid');

      expectProblem(response, 400, 'invalid_id');
    });
  });
});

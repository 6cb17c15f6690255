import TestAgent from 'supertest/lib/agent';
import { deleteAccount, registerUser, RegisteredUser, uniquePrefix } from './support/factories';
import {
  block,
  makeFriends,
  relationshipOf,
  removeFriendship,
  requestFriendship,
  unblock,
} from './support/friendships';
import { createScheduleItem } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';
import { createTodo } from './support/todos';

/** Inputs of a probe: the account to look for and a live viewer who asks about it. */
interface ProbeContext {
  http: TestAgent;
  viewer: RegisteredUser;
  target: RegisteredUser;
}

interface ReadEndpoint {
  endpoint: string;
  /** Links the viewer and the target before the target is deleted, for reads that list links. */
  prepare?: (context: ProbeContext) => Promise<void>;
  /** Returns true when the response shows the target account in any form. */
  probe: (context: ProbeContext) => Promise<boolean>;
}

/** Returns true when the body contains the value anywhere, as a whole string. */
function bodyMentions(body: unknown, value: string): boolean {
  return JSON.stringify(body ?? null).includes(JSON.stringify(value));
}

/**
 * Every read endpoint that could reveal an account or its profile. Each new
 * endpoint that reads user data adds a row here. The tests below then prove
 * that it finds a live account and never a soft-deleted one.
 */
const READ_ENDPOINTS: ReadEndpoint[] = [
  {
    endpoint: 'GET /v1/profiles/{id}',
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get(`/v1/profiles/${target.id}`)
        .set('Authorization', viewer.authorization);
      return response.status === 200 && bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/profiles?q= by username',
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get('/v1/profiles')
        .query({ q: target.username })
        .set('Authorization', viewer.authorization);
      expect(response.status).toBe(200);
      return bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/profiles?q= by display name',
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get('/v1/profiles')
        .query({ q: `display ${target.username}` })
        .set('Authorization', viewer.authorization);
      expect(response.status).toBe(200);
      return bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/profiles/me',
    probe: async ({ http, target }) => {
      const response = await http.get('/v1/profiles/me').set('Authorization', target.authorization);
      return response.status === 200 && bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/friendships',
    prepare: async ({ http, viewer, target }) => {
      await makeFriends(http, viewer, target);
    },
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get('/v1/friendships')
        .query({ limit: 100 })
        .set('Authorization', viewer.authorization);
      expect(response.status).toBe(200);
      return bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/friendships?status=pending',
    prepare: async ({ http, viewer, target }) => {
      await requestFriendship(http, target, viewer);
    },
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get('/v1/friendships')
        .query({ status: 'pending', limit: 100 })
        .set('Authorization', viewer.authorization);
      expect(response.status).toBe(200);
      return bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/blocks',
    prepare: async ({ http, viewer, target }) => {
      await block(http, viewer, target.id).expect(201);
    },
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get('/v1/blocks')
        .query({ limit: 100 })
        .set('Authorization', viewer.authorization);
      expect(response.status).toBe(200);
      return bodyMentions(response.body, target.id);
    },
  },
  {
    endpoint: 'GET /v1/relationships friendship',
    prepare: async ({ http, viewer, target }) => {
      await makeFriends(http, target, viewer);
    },
    probe: async ({ http, viewer, target }) =>
      (await relationshipOf(http, viewer, target)).friendship !== 'none',
  },
  {
    endpoint: 'GET /v1/relationships blocking',
    prepare: async ({ http, viewer, target }) => {
      await block(http, viewer, target.id).expect(201);
    },
    probe: async ({ http, viewer, target }) =>
      (await relationshipOf(http, viewer, target)).blocking,
  },
  {
    endpoint: 'GET /v1/friends/{id}/todos',
    prepare: async ({ http, viewer, target }) => {
      await createTodo(http, target, { visibility: 'friends' });
      await makeFriends(http, viewer, target);
    },
    probe: async ({ http, viewer, target }) => {
      const response = await http
        .get(`/v1/friends/${target.id}/todos`)
        .set('Authorization', viewer.authorization);
      return response.status === 200 && (response.body as { data: unknown[] }).data.length > 0;
    },
  },
  {
    endpoint: 'GET /v1/friends/{id}/schedule-items',
    prepare: async ({ http, viewer, target }) => {
      await createScheduleItem(http, target, { visibility: 'friends' });
      await makeFriends(http, viewer, target);
    },
    probe: async ({ http, viewer, target }) => {
      // The window contains the default times of createScheduleItem.
      const response = await http
        .get(`/v1/friends/${target.id}/schedule-items`)
        .query({ from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' })
        .set('Authorization', viewer.authorization);
      return response.status === 200 && (response.body as { data: unknown[] }).data.length > 0;
    },
  },
  {
    endpoint: 'POST /v1/auth/login',
    probe: async ({ http, target }) => {
      const response = await http
        .post('/v1/auth/login')
        .send({ email: target.email, password: target.password });
      return response.status === 200;
    },
  },
  {
    endpoint: 'POST /v1/auth/refresh',
    probe: async ({ http, target }) => {
      const response = await http
        .post('/v1/auth/refresh')
        .send({ refreshToken: target.refreshToken });
      return response.status === 200;
    },
  },
];

describe('soft-deleted accounts', () => {
  let testApp: TestApp;
  let viewer: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    viewer = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Registers an account whose username and display name no other account in this file shares. */
  async function registerTarget(): Promise<RegisteredUser> {
    const username = `${uniquePrefix()}_target`;
    return registerUser(testApp.http, { username, displayName: `Display ${username}` });
  }

  describe.each(READ_ENDPOINTS)('$endpoint', ({ prepare, probe }) => {
    it('finds a live account', async () => {
      const target = await registerTarget();
      await prepare?.({ http: testApp.http, viewer, target });

      expect(await probe({ http: testApp.http, viewer, target })).toBe(true);
    });

    it('hides a deleted account', async () => {
      const target = await registerTarget();
      await prepare?.({ http: testApp.http, viewer, target });
      await deleteAccount(testApp.http, target);

      expect(await probe({ http: testApp.http, viewer, target })).toBe(false);
    });

    it('hides a deleted account after reuse', async () => {
      const target = await registerTarget();
      await prepare?.({ http: testApp.http, viewer, target });
      await deleteAccount(testApp.http, target);
      // A new account takes the freed username and email, so lookups by either now find a live row.
      await registerUser(testApp.http, {
        email: target.email,
        username: target.username,
        displayName: `Display ${target.username}`,
      });

      expect(await probe({ http: testApp.http, viewer, target })).toBe(false);
    });
  });

  /**
   * Friendships and blocks are soft-deleted on their own too: by cancel,
   * unfriend and unblock. Each case ends one between two live accounts and
   * checks that no list or lookup shows it afterwards.
   */
  describe('ended friendships and blocks', () => {
    it('cancelled request leaves every read', async () => {
      const target = await registerTarget();
      const request = await requestFriendship(testApp.http, viewer, target);
      await removeFriendship(testApp.http, viewer, request.id).expect(204);

      const outgoing = await testApp.http
        .get('/v1/friendships')
        .query({ status: 'pending', limit: 100 })
        .set('Authorization', viewer.authorization);
      const incoming = await testApp.http
        .get('/v1/friendships')
        .query({ status: 'pending', limit: 100 })
        .set('Authorization', target.authorization);

      expect(bodyMentions(outgoing.body, request.id)).toBe(false);
      expect(bodyMentions(incoming.body, request.id)).toBe(false);
      expect((await relationshipOf(testApp.http, target, viewer)).friendship).toBe('none');
    });

    it('ended friendship leaves every read', async () => {
      const target = await registerTarget();
      const friendship = await makeFriends(testApp.http, viewer, target);
      await removeFriendship(testApp.http, target, friendship.id).expect(204);

      const listed = await testApp.http
        .get('/v1/friendships')
        .query({ limit: 100 })
        .set('Authorization', viewer.authorization);
      const todos = await testApp.http
        .get(`/v1/friends/${target.id}/todos`)
        .set('Authorization', viewer.authorization);

      expect(bodyMentions(listed.body, friendship.id)).toBe(false);
      expect((await relationshipOf(testApp.http, viewer, target)).friendship).toBe('none');
      expect(todos.status).toBe(404);
    });

    it('lifted block leaves every read', async () => {
      const target = await registerTarget();
      await block(testApp.http, viewer, target.id).expect(201);
      await unblock(testApp.http, viewer, target.id).expect(204);

      const listed = await testApp.http
        .get('/v1/blocks')
        .query({ limit: 100 })
        .set('Authorization', viewer.authorization);
      const profile = await testApp.http
        .get(`/v1/profiles/${viewer.id}`)
        .set('Authorization', target.authorization);

      expect(bodyMentions(listed.body, target.id)).toBe(false);
      expect((await relationshipOf(testApp.http, viewer, target)).blocking).toBe(false);
      expect(profile.status).toBe(200);
    });
  });

  /**
   * The window sync also reads schedule_item_moves to find items that left
   * the window, so a deleted item can match through a move as well as
   * through its current times.
   */
  describe('deleted schedule items', () => {
    it('moved-out item hidden once deleted', async () => {
      const window = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
      const owner = await registerTarget();
      // createScheduleItem's default times lie in the window.
      const item = await createScheduleItem(testApp.http, owner);
      const syncWindow = () =>
        testApp.http
          .get('/v1/schedule-items')
          .query({ ...window, updatedSince: item.updatedAt })
          .set('Authorization', owner.authorization)
          .expect(200);
      await testApp.http
        .patch(`/v1/schedule-items/${item.id}`)
        .set('Authorization', owner.authorization)
        .send({ startsAt: '2026-05-04T09:00:00Z', endsAt: '2026-05-04T10:00:00Z' })
        .expect(200);
      const whileLive = await syncWindow();

      await testApp.http
        .delete(`/v1/schedule-items/${item.id}`)
        .set('Authorization', owner.authorization)
        .expect(204);
      const afterDelete = await syncWindow();

      expect(bodyMentions(whileLive.body, item.id)).toBe(true);
      expect(bodyMentions(afterDelete.body, item.id)).toBe(false);
    });
  });
});

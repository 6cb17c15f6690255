import TestAgent from 'supertest/lib/agent';
import { deleteAccount, registerUser, RegisteredUser, uniquePrefix } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Inputs of a probe: the account to look for and a live viewer who asks about it. */
interface ProbeContext {
  http: TestAgent;
  viewer: RegisteredUser;
  target: RegisteredUser;
}

interface ReadEndpoint {
  endpoint: string;
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

  describe.each(READ_ENDPOINTS)('$endpoint', ({ probe }) => {
    it('finds a live account', async () => {
      const target = await registerTarget();

      expect(await probe({ http: testApp.http, viewer, target })).toBe(true);
    });

    it('hides a deleted account', async () => {
      const target = await registerTarget();
      await deleteAccount(testApp.http, target);

      expect(await probe({ http: testApp.http, viewer, target })).toBe(false);
    });

    it('hides a deleted account after reuse', async () => {
      const target = await registerTarget();
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
});

import { randomBytes, randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { expectProblem, registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface BodyRoute {
  method: 'post' | 'patch';
  path: string;
  needsToken: boolean;
  /** A body the route accepts as valid input, new on every call. */
  validBody: () => Record<string, unknown>;
  /** A field given a value of the wrong JSON type. */
  wrongType: { field: string; value: unknown };
  /** A field one character over its maximum length. */
  overLong: { field: string; value: string }[];
  /** True when an empty object lacks a required field. */
  requiresFields: boolean;
  /** A field that reaches PostgreSQL as text. Refresh tokens are hashed first, so those routes have none. */
  textField?: string;
}

function unique(): string {
  return randomBytes(5).toString('hex');
}

const BODY_ROUTES: BodyRoute[] = [
  {
    method: 'post',
    path: '/v1/auth/register',
    needsToken: false,
    validBody: () => {
      const name = unique();
      return { email: `${name}@example.com`, password: 'password-1', username: `u_${name}` };
    },
    wrongType: { field: 'email', value: 12345 },
    overLong: [
      { field: 'password', value: 'p'.repeat(129) },
      { field: 'displayName', value: 'd'.repeat(101) },
      { field: 'email', value: `${'e'.repeat(250)}@example.com` },
    ],
    requiresFields: true,
    textField: 'displayName',
  },
  {
    method: 'post',
    path: '/v1/auth/login',
    needsToken: false,
    validBody: () => ({ email: `${unique()}@example.com`, password: 'password-1' }),
    wrongType: { field: 'email', value: 12345 },
    overLong: [{ field: 'password', value: 'p'.repeat(129) }],
    requiresFields: true,
    textField: 'email',
  },
  {
    method: 'post',
    path: '/v1/auth/refresh',
    needsToken: false,
    validBody: () => ({ refreshToken: unique() }),
    wrongType: { field: 'refreshToken', value: true },
    overLong: [{ field: 'refreshToken', value: 'r'.repeat(257) }],
    requiresFields: true,
  },
  {
    method: 'post',
    path: '/v1/auth/logout',
    needsToken: false,
    validBody: () => ({ refreshToken: unique() }),
    wrongType: { field: 'refreshToken', value: ['a'] },
    overLong: [{ field: 'refreshToken', value: 'r'.repeat(257) }],
    requiresFields: true,
  },
  {
    method: 'patch',
    path: '/v1/profiles/me',
    needsToken: true,
    validBody: () => ({ bio: 'Hello' }),
    wrongType: { field: 'displayName', value: 42 },
    overLong: [
      { field: 'displayName', value: 'd'.repeat(101) },
      { field: 'bio', value: 'b'.repeat(501) },
    ],
    requiresFields: false,
    textField: 'bio',
  },
];

/** Checks the problem+json shape of an error whose exact code the contract leaves open. */
function expectClientProblem(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expectProblem(response, status, response.body.code);
}

describe('bad input', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function send(route: BodyRoute, http: TestAgent = testApp.http, caller: RegisteredUser = user) {
    const request = http[route.method](route.path);
    return route.needsToken ? request.set('Authorization', caller.authorization) : request;
  }

  function sendRaw(route: BodyRoute, contentType: string, body: string) {
    return send(route).set('Content-Type', contentType).send(body);
  }

  describe.each(BODY_ROUTES)('$method $path', (route) => {
    it('accepts its valid body', async () => {
      const response = await send(route).send(route.validBody());

      // The body passes validation; an unknown token or email may still be a 401.
      expect([200, 201, 204, 401]).toContain(response.status);
    });

    it('rejects malformed JSON', async () => {
      const response = await sendRaw(route, 'application/json', '{"email": "a@b.c",');

      expectProblem(response, 400, 'malformed_json');
    });

    it('rejects an empty JSON body', async () => {
      const response = await sendRaw(route, 'application/json', '');

      expectClientProblem(response, 400);
    });

    it('rejects text/plain', async () => {
      const response = await sendRaw(route, 'text/plain', JSON.stringify(route.validBody()));

      expectProblem(response, 415, 'unsupported_media_type');
    });

    it('rejects a form body', async () => {
      const response = await sendRaw(
        route,
        'application/x-www-form-urlencoded',
        'email=a%40b.c&password=secret12',
      );

      expectProblem(response, 415, 'unsupported_media_type');
    });

    it('rejects a JSON array', async () => {
      const response = await sendRaw(
        route,
        'application/json',
        JSON.stringify([route.validBody()]),
      );

      expectProblem(response, 400, 'validation_failed');
    });

    it.each(['"text"', '42', 'null', 'true'])('rejects JSON scalar %s', async (body) => {
      const response = await sendRaw(route, 'application/json', body);

      expectClientProblem(response, 400);
    });

    it('rejects a __proto__ key', async () => {
      const body = `{"__proto__": {"isAdmin": true}, ${JSON.stringify(route.validBody()).slice(1)}`;

      const response = await sendRaw(route, 'application/json', body);

      expectClientProblem(response, 400);
      expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    });

    it('rejects a constructor.prototype key', async () => {
      const body = `{"constructor": {"prototype": {"isAdmin": true}}, ${JSON.stringify(route.validBody()).slice(1)}`;

      const response = await sendRaw(route, 'application/json', body);

      expectClientProblem(response, 400);
    });

    it('rejects an unknown field', async () => {
      const response = await send(route).send({ ...route.validBody(), isAdmin: true });

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'isAdmin' }));
    });

    it('rejects a wrong field type', async () => {
      const { field, value } = route.wrongType;

      const response = await send(route).send({ ...route.validBody(), [field]: value });

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field, message: expect.any(String) }),
      );
    });

    it('rejects over-long strings', async () => {
      for (const { field, value } of route.overLong) {
        const response = await send(route).send({ ...route.validBody(), [field]: value });

        expectProblem(response, 400, 'validation_failed');
        expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
      }
    });

    const { textField } = route;
    if (textField !== undefined) {
      // PostgreSQL text cannot contain U+0000, so such a value must be rejected as input, not fail in SQL.
      it(`rejects a NUL character in ${textField}`, async () => {
        const body = route.validBody();
        const current = body[textField];
        const value = typeof current === 'string' ? current : 'Ada';

        const response = await send(route).send({ ...body, [textField]: `\u0000${value}` });

        expectProblem(response, 400, 'validation_failed');
        expect(response.body.errors).toContainEqual(expect.objectContaining({ field: textField }));
      });
    }

    if (route.requiresFields) {
      it('rejects missing fields', async () => {
        const response = await send(route).send({});

        expectProblem(response, 400, 'validation_failed');
        expect(response.body.errors.length).toBeGreaterThan(0);
      });
    }
  });

  describe('odd values', () => {
    // Raw JSON text, because JSON.stringify cannot write a number beyond the double range.
    const oddRegisterBodies: [string, string][] = [
      [
        'nested object for email',
        '{"email": {"$gt": ""}, "password": "password-1", "username": "odd_1"}',
      ],
      [
        'array for password',
        '{"email": "odd@example.com", "password": ["password-1"], "username": "odd_2"}',
      ],
      ['null username', '{"email": "odd@example.com", "password": "password-1", "username": null}'],
      ['huge number', '{"email": "odd@example.com", "password": 1e400, "username": "odd_3"}'],
      [
        'deep nesting',
        `{"email": "odd@example.com", "password": "password-1", "username": "odd_4", "extra": ${'{"a":'.repeat(200)}1${'}'.repeat(200)}}`,
      ],
      [
        'emoji username',
        '{"email": "odd@example.com", "password": "password-1", "username": "🙂🙂🙂"}',
      ],
    ];

    it.each(oddRegisterBodies)('register rejects %s', async (_name, body) => {
      const response = await testApp.http
        .post('/v1/auth/register')
        .set('Content-Type', 'application/json')
        .send(body);

      expectProblem(response, 400, 'validation_failed');
    });

    it('todo create rejects a dueAt past UTC year 9999', async () => {
      const response = await testApp.http
        .post('/v1/todos')
        .set('Authorization', user.authorization)
        .send({ title: 'Far away', dueAt: '9999-12-31T23:59:59.999-14:00' });

      expectProblem(response, 400, 'validation_failed');
    });

    it('search rejects a NUL character', async () => {
      const response = await testApp.http
        .get('/v1/profiles')
        .query({ q: 'ad\u0000a' })
        .set('Authorization', user.authorization);

      expectProblem(response, 400, 'validation_failed');
    });

    it('search rejects a repeated q', async () => {
      const response = await testApp.http
        .get('/v1/profiles?q=ada&q=bob')
        .set('Authorization', user.authorization);

      expectClientProblem(response, 400);
    });
  });

  describe('path ids', () => {
    it.each(['abc', '123', `${randomUUID()}0`, 'null', '%20', 'a'.repeat(150)])(
      'profile id %s is invalid_id',
      async (id) => {
        const response = await testApp.http
          .get(`/v1/profiles/${id}`)
          .set('Authorization', user.authorization);

        expectProblem(response, 400, 'invalid_id');
      },
    );
  });

  describe('access tokens', () => {
    const protectedRoutes: [string, (http: TestAgent) => ReturnType<TestAgent['get']>][] = [
      ['GET /v1/profiles/me', (http) => http.get('/v1/profiles/me')],
      ['PATCH /v1/profiles/me', (http) => http.patch('/v1/profiles/me').send({ bio: 'x' })],
      ['DELETE /v1/profiles/me', (http) => http.delete('/v1/profiles/me')],
      ['GET /v1/profiles/{id}', (http) => http.get(`/v1/profiles/${randomUUID()}`)],
      ['GET /v1/profiles', (http) => http.get('/v1/profiles?q=ada')],
    ];

    it.each(protectedRoutes)('%s rejects a missing token', async (_name, makeRequest) => {
      const response = await makeRequest(testApp.http);

      expectProblem(response, 401, 'unauthorized');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it.each(protectedRoutes)('%s rejects a tampered token', async (_name, makeRequest) => {
      const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
      const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;

      const response = await makeRequest(testApp.http).set(
        'Authorization',
        `Bearer ${header}.${payload}.${flipped}`,
      );

      expectProblem(response, 401, 'unauthorized');
    });

    it('invalid id without token is 401', async () => {
      const response = await testApp.http.get('/v1/profiles/abc');

      expectProblem(response, 401, 'unauthorized');
    });
  });

  describe('request id', () => {
    it('request id is set on success', async () => {
      const response = await testApp.http.get('/health/live');

      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it('request id is unique per request', async () => {
      const first = await testApp.http.get('/health/live');
      const second = await testApp.http.get('/health/live');

      expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
    });

    it('request id matches body on errors', async () => {
      const response = await testApp.http.get('/v1/profiles/me');

      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    });

    it('request id echoes an acceptable one', async () => {
      const sent = `client-${unique()}.trace:1`;

      const response = await testApp.http.get('/v1/profiles/me').set('X-Request-Id', sent);

      expect(response.headers['x-request-id']).toBe(sent);
      expect(response.body.requestId).toBe(sent);
    });

    it('request id echoes 128 characters', async () => {
      const sent = 'r'.repeat(128);

      const response = await testApp.http.get('/health/live').set('X-Request-Id', sent);

      expect(response.headers['x-request-id']).toBe(sent);
    });

    it.each([
      ['spaces', 'has some spaces'],
      ['129 characters', 'r'.repeat(129)],
      ['a quote', 'id"injected'],
      ['a brace', '{"level":60}'],
    ])('request id replaces one with %s', async (_name, sent) => {
      const response = await testApp.http.get('/v1/profiles/me').set('X-Request-Id', sent);

      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    });

    it('request id is set on malformed JSON', async () => {
      const response = await testApp.http
        .post('/v1/auth/login')
        .set('Content-Type', 'application/json')
        .set('X-Request-Id', 'malformed-json-1')
        .send('{');

      expect(response.headers['x-request-id']).toBe('malformed-json-1');
      expect(response.body.requestId).toBe('malformed-json-1');
    });
  });

  describe('unknown routes', () => {
    it.each([
      ['GET', '/v1/nothing-here'],
      ['POST', '/v1/profiles/me'],
      ['GET', '/'],
    ])('%s %s is not_found', async (method, path) => {
      const response = await testApp.http[method.toLowerCase() as 'get' | 'post'](path);

      expectProblem(response, 404, 'not_found');
    });
  });

  describe('malformed URLs', () => {
    it('malformed percent-encoding is validation_failed', async () => {
      const response = await testApp.http.get('/v1/todos/%zz');

      expectProblem(response, 400, 'validation_failed');
    });

    it('malformed URL answer carries the request id', async () => {
      const response = await testApp.http.get('/v1/todos/%zz');

      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    });
  });

  describe('security headers', () => {
    const expectedHeaders: Record<string, RegExp> = {
      'x-content-type-options': /^nosniff$/,
      'x-frame-options': /^SAMEORIGIN$|^DENY$/,
      'strict-transport-security': /max-age=\d+/,
      'content-security-policy': /default-src 'self'/,
      'referrer-policy': /no-referrer/,
      'cross-origin-opener-policy': /same-origin/,
    };

    it.each([
      ['a success', '/health/live'],
      ['an error', '/v1/profiles/me'],
      ['an unknown route', '/v1/nothing-here'],
      ['a malformed URL', '/v1/todos/%zz'],
    ])('security headers are set on %s', async (_name, path) => {
      const response = await testApp.http.get(path);

      for (const [name, pattern] of Object.entries(expectedHeaders)) {
        expect({ name, value: response.headers[name] }).toEqual({
          name,
          value: expect.stringMatching(pattern),
        });
      }
    });

    it('security headers omit x-powered-by', async () => {
      const response = await testApp.http.get('/health/live');

      expect(response.headers['x-powered-by']).toBeUndefined();
    });
  });

  describe('body limit', () => {
    let limitedApp: TestApp;
    let limitedUser: RegisteredUser;

    beforeAll(async () => {
      limitedApp = await startTestApp({ BODY_LIMIT_BYTES: '2048' });
      limitedUser = await registerUser(limitedApp.http);
    });

    afterAll(async () => {
      await limitedApp.close();
    });

    it.each(BODY_ROUTES)('body over limit on $path is 413', async (route) => {
      const body = JSON.stringify({ ...route.validBody(), padding: 'x'.repeat(3000) });

      const response = await send(route, limitedApp.http, limitedUser)
        .set('Content-Type', 'application/json')
        .send(body);

      expectProblem(response, 413, 'payload_too_large');
    });

    it('body under limit is parsed', async () => {
      const body = JSON.stringify({
        email: 'a@example.com',
        password: 'password-1',
        padding: 'x'.repeat(1500),
      });

      const response = await limitedApp.http
        .post('/v1/auth/login')
        .set('Content-Type', 'application/json')
        .send(body);

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'padding' }));
    });
  });

  describe('CORS', () => {
    let corsApp: TestApp;
    const allowedOrigin = 'https://app.example.com';

    beforeAll(async () => {
      corsApp = await startTestApp({ CORS_ORIGINS: allowedOrigin });
    });

    afterAll(async () => {
      await corsApp.close();
    });

    function preflight(origin: string) {
      return corsApp.http
        .options('/v1/auth/login')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'content-type,authorization');
    }

    it('CORS preflight allows the configured origin', async () => {
      const response = await preflight(allowedOrigin);

      expect(response.status).toBeLessThan(300);
      expect(response.headers['access-control-allow-origin']).toBe(allowedOrigin);
      expect(response.headers['access-control-allow-methods']).toMatch(/POST/);
      expect(response.headers['access-control-allow-headers']?.toLowerCase()).toMatch(
        /authorization/,
      );
    });

    it('CORS preflight ignores another origin', async () => {
      const response = await preflight('https://evil.example.com');

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('CORS exposes request id to the origin', async () => {
      const response = await corsApp.http.get('/health/live').set('Origin', allowedOrigin);

      expect(response.headers['access-control-allow-origin']).toBe(allowedOrigin);
      expect(response.headers['access-control-expose-headers']?.toLowerCase()).toMatch(
        /x-request-id/,
      );
    });

    it('CORS is off without configured origins', async () => {
      const response = await testApp.http.get('/health/live').set('Origin', allowedOrigin);

      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

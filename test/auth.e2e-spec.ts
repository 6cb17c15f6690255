import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { expectProblem, registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function suffix(): string {
  return randomBytes(5).toString('hex');
}

function base64UrlJson(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth', () => {
  let testApp: TestApp;
  const jwt = new JwtService();

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function getOwnProfile(accessToken: string) {
    return testApp.http.get('/v1/profiles/me').set('Authorization', `Bearer ${accessToken}`);
  }

  function login(email: string, password: string) {
    return testApp.http.post('/v1/auth/login').send({ email, password });
  }

  function refresh(refreshToken: string) {
    return testApp.http.post('/v1/auth/refresh').send({ refreshToken });
  }

  function logout(refreshToken: string) {
    return testApp.http.post('/v1/auth/logout').send({ refreshToken });
  }

  describe('register', () => {
    it('register returns tokens, user and profile', async () => {
      const name = `ada_${suffix()}`;
      const response = await testApp.http
        .post('/v1/auth/register')
        .send({ email: `${name}@example.com`, password: 'correct horse battery', username: name });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: expect.any(Number),
        user: {
          id: expect.stringMatching(UUID),
          email: `${name}@example.com`,
          createdAt: expect.stringMatching(ISO_INSTANT),
        },
        profile: {
          id: response.body.user.id,
          username: name,
          displayName: name,
          bio: null,
          avatarUrl: null,
          timeZone: null,
          locale: null,
          createdAt: expect.stringMatching(ISO_INSTANT),
          updatedAt: expect.stringMatching(ISO_INSTANT),
        },
      });
      expect(response.body.expiresIn).toBeGreaterThan(0);
    });

    it('register issues a working access token', async () => {
      const user = await registerUser(testApp.http);

      const response = await getOwnProfile(user.accessToken);

      expect(response.status).toBe(200);
      expect(response.body.id).toBe(user.id);
    });

    it('register lower-cases email', async () => {
      const name = suffix();
      const response = await testApp.http.post('/v1/auth/register').send({
        email: `  Ada.${name}@Example.COM `,
        password: 'password-1',
        username: `a_${name}`,
      });

      expect(response.status).toBe(201);
      expect(response.body.user.email).toBe(`ada.${name}@example.com`);
    });

    it('register lower-cases username', async () => {
      const name = suffix();
      const response = await testApp.http.post('/v1/auth/register').send({
        email: `${name}@example.com`,
        password: 'password-1',
        username: `Ada_${name.toUpperCase()}`,
      });

      expect(response.status).toBe(201);
      expect(response.body.profile.username).toBe(`ada_${name}`);
    });

    it('register keeps a given displayName', async () => {
      const user = await registerUser(testApp.http, { displayName: 'Ada Lovelace' });

      const response = await getOwnProfile(user.accessToken);

      expect(response.body.displayName).toBe('Ada Lovelace');
    });

    it('register rejects a taken email', async () => {
      const first = await registerUser(testApp.http);

      const response = await testApp.http
        .post('/v1/auth/register')
        .send({ email: first.email, password: 'password-2', username: `other_${suffix()}` });

      expectProblem(response, 409, 'email_taken');
    });

    it('register rejects email differing in case', async () => {
      const name = suffix();
      await registerUser(testApp.http, { email: `Ada.${name}@x.example` });

      const response = await testApp.http.post('/v1/auth/register').send({
        email: `ada.${name}@X.EXAMPLE`,
        password: 'password-2',
        username: `other_${name}`,
      });

      expectProblem(response, 409, 'email_taken');
    });

    it('register rejects a taken username', async () => {
      const first = await registerUser(testApp.http);

      const response = await testApp.http.post('/v1/auth/register').send({
        email: `other_${suffix()}@example.com`,
        password: 'password-2',
        username: first.username,
      });

      expectProblem(response, 409, 'username_taken');
    });

    it('register rejects username differing in case', async () => {
      const first = await registerUser(testApp.http);

      const response = await testApp.http.post('/v1/auth/register').send({
        email: `other_${suffix()}@example.com`,
        password: 'password-2',
        username: first.username.toUpperCase(),
      });

      expectProblem(response, 409, 'username_taken');
    });

    it('register racing one email creates one user', async () => {
      const name = suffix();
      const attempts = ['a', 'b', 'c'].map((letter) =>
        testApp.http.post('/v1/auth/register').send({
          email: `race_${name}@example.com`,
          password: 'password-1',
          username: `race_${letter}_${name}`,
        }),
      );

      const responses = await Promise.all(attempts);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, 409, 409]);
      for (const response of responses.filter((candidate) => candidate.status === 409)) {
        expectProblem(response, 409, 'email_taken');
      }
    });

    it('register leaves no user after username conflict', async () => {
      const first = await registerUser(testApp.http);
      const email = `retry_${suffix()}@example.com`;

      const conflict = await testApp.http
        .post('/v1/auth/register')
        .send({ email, password: 'password-2', username: first.username });
      const retry = await testApp.http
        .post('/v1/auth/register')
        .send({ email, password: 'password-2', username: `retry_${suffix()}` });

      expect(conflict.status).toBe(409);
      expect(retry.status).toBe(201);
      expect(retry.body.user.email).toBe(email);
    });
  });

  describe('login', () => {
    let user: RegisteredUser;

    beforeAll(async () => {
      user = await registerUser(testApp.http);
    });

    it('login returns a token pair', async () => {
      const response = await login(user.email, user.password);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: expect.any(Number),
      });
      expect((await getOwnProfile(response.body.accessToken)).body.id).toBe(user.id);
    });

    it('login accepts email in another case', async () => {
      const response = await login(user.email.toUpperCase(), user.password);

      expect(response.status).toBe(200);
    });

    it('login rejects an unknown email', async () => {
      const response = await login(`nobody_${suffix()}@example.com`, user.password);

      expectProblem(response, 401, 'invalid_credentials');
    });

    it('login rejects a wrong password', async () => {
      const response = await login(user.email, `${user.password}-wrong`);

      expectProblem(response, 401, 'invalid_credentials');
    });

    it('login failures are indistinguishable', async () => {
      const unknownEmail = await login(`nobody_${suffix()}@example.com`, user.password);
      const wrongPassword = await login(user.email, `${user.password}-wrong`);

      expect(wrongPassword.status).toBe(unknownEmail.status);
      expect(wrongPassword.body.code).toBe(unknownEmail.body.code);
      expect(wrongPassword.body.detail).toBe(unknownEmail.body.detail);
      expect(wrongPassword.headers['www-authenticate']).toBe(
        unknownEmail.headers['www-authenticate'],
      );
    });
  });

  describe('refresh', () => {
    it('refresh returns a new working pair', async () => {
      const user = await registerUser(testApp.http);

      const response = await refresh(user.refreshToken);

      expect(response.status).toBe(200);
      expect(response.body.tokenType).toBe('Bearer');
      expect(response.body.refreshToken).not.toBe(user.refreshToken);
      expect((await getOwnProfile(response.body.accessToken)).status).toBe(200);
    });

    it('refresh chain keeps working', async () => {
      const user = await registerUser(testApp.http);

      const second = await refresh(user.refreshToken);
      const third = await refresh(second.body.refreshToken);

      expect(second.status).toBe(200);
      expect(third.status).toBe(200);
    });

    it('refresh reuse returns refresh_token_reused', async () => {
      const user = await registerUser(testApp.http);
      await refresh(user.refreshToken);

      const reuse = await refresh(user.refreshToken);

      expectProblem(reuse, 401, 'refresh_token_reused');
    });

    it('refresh reuse revokes the new refresh token', async () => {
      const user = await registerUser(testApp.http);
      const rotated = await refresh(user.refreshToken);
      await refresh(user.refreshToken);

      const response = await refresh(rotated.body.refreshToken);

      expect(response.status).toBe(401);
      expect(response.body.code).toMatch(/^(invalid_refresh_token|refresh_token_reused)$/);
    });

    it('refresh reuse revokes access tokens', async () => {
      const user = await registerUser(testApp.http);
      const rotated = await refresh(user.refreshToken);
      expect((await getOwnProfile(rotated.body.accessToken)).status).toBe(200);

      await refresh(user.refreshToken);

      expectProblem(await getOwnProfile(user.accessToken), 401, 'unauthorized');
      expectProblem(await getOwnProfile(rotated.body.accessToken), 401, 'unauthorized');
    });

    it('refresh racing itself rotates once', async () => {
      const user = await registerUser(testApp.http);

      const responses = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);

      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 401]);
      const rejected = responses.find((response) => response.status === 401);
      expect(rejected?.body.code).toBe('refresh_token_reused');
    });

    it('refresh rejects an expired token', async () => {
      const user = await registerUser(testApp.http);
      const client = new Client({ connectionString: testApp.database.url });
      await client.connect();
      try {
        await client.query(
          `UPDATE refresh_tokens SET expires_at = now() - interval '1 second'
           WHERE session_id IN (SELECT id FROM sessions WHERE user_id = $1)`,
          [user.id],
        );
      } finally {
        await client.end();
      }

      const response = await refresh(user.refreshToken);

      expectProblem(response, 401, 'invalid_refresh_token');
    });

    it('refresh rejects an unknown token', async () => {
      const response = await refresh(randomBytes(32).toString('base64url'));

      expectProblem(response, 401, 'invalid_refresh_token');
    });

    it('refresh rejects an access token', async () => {
      const user = await registerUser(testApp.http);

      const response = await refresh(user.accessToken);

      // An access token is longer than a refresh token may be, so validation may reject it first.
      expect([400, 401]).toContain(response.status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('logout', () => {
    it('logout returns 204', async () => {
      const user = await registerUser(testApp.http);

      const response = await logout(user.refreshToken);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('logout ends the refresh token', async () => {
      const user = await registerUser(testApp.http);
      await logout(user.refreshToken);

      const response = await refresh(user.refreshToken);

      expectProblem(response, 401, 'invalid_refresh_token');
    });

    it('logout ends the access token', async () => {
      const user = await registerUser(testApp.http);
      await logout(user.refreshToken);

      expectProblem(await getOwnProfile(user.accessToken), 401, 'unauthorized');
    });

    it('logout accepts an unknown token', async () => {
      const response = await logout(randomBytes(32).toString('base64url'));

      expect(response.status).toBe(204);
    });

    it('logout twice returns 204', async () => {
      const user = await registerUser(testApp.http);
      await logout(user.refreshToken);

      const response = await logout(user.refreshToken);

      expect(response.status).toBe(204);
    });
  });

  describe('sessions', () => {
    it('logout keeps another session', async () => {
      const user = await registerUser(testApp.http);
      const second = await login(user.email, user.password);

      await logout(user.refreshToken);

      expect((await getOwnProfile(second.body.accessToken)).status).toBe(200);
      expect((await refresh(second.body.refreshToken)).status).toBe(200);
    });

    it('refresh reuse keeps another session', async () => {
      const user = await registerUser(testApp.http);
      const second = await login(user.email, user.password);
      await refresh(user.refreshToken);

      const reuse = await refresh(user.refreshToken);

      expect(reuse.status).toBe(401);
      expect((await getOwnProfile(second.body.accessToken)).status).toBe(200);
      expect((await refresh(second.body.refreshToken)).status).toBe(200);
    });
  });

  describe('access token', () => {
    let user: RegisteredUser;
    let claims: { sub: string; sid: string };

    beforeAll(async () => {
      user = await registerUser(testApp.http);
      claims = jwt.decode<{ sub: string; sid: string }>(user.accessToken);
    });

    function signed(payload: object, secret = TEST_JWT_SECRET): string {
      return jwt.sign({ ...payload }, { secret, algorithm: 'HS256' });
    }

    function nowSeconds(): number {
      return Math.floor(Date.now() / 1000);
    }

    it('access token signed like the server works', async () => {
      const token = signed({
        sub: claims.sub,
        sid: claims.sid,
        iss: 'tandem',
        exp: nowSeconds() + 60,
      });

      const response = await getOwnProfile(token);

      expect(response.status).toBe(200);
      expect(response.body.id).toBe(user.id);
    });

    it('accepted token is rejected after its exp', async () => {
      const token = signed({
        sub: claims.sub,
        sid: claims.sid,
        iss: 'tandem',
        exp: nowSeconds() + 2,
      });
      const accepted = await getOwnProfile(token);
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      const response = await getOwnProfile(token);

      expect(accepted.status).toBe(200);
      expect(response.status).toBe(401);
      expect(response.body.detail).toMatch(/expired/);
    });

    const rejectedTokens: [string, () => string][] = [
      [
        'expired token',
        () =>
          signed({
            sub: claims.sub,
            sid: claims.sid,
            iss: 'tandem',
            iat: nowSeconds() - 120,
            exp: nowSeconds() - 60,
          }),
      ],
      [
        'token signed with another secret',
        () =>
          signed(
            { sub: claims.sub, sid: claims.sid, iss: 'tandem', exp: nowSeconds() + 60 },
            'another-secret-that-is-long-enough-for-hs256',
          ),
      ],
      [
        'token with alg none',
        () =>
          `${base64UrlJson({ alg: 'none', typ: 'JWT' })}.${base64UrlJson({
            sub: claims.sub,
            sid: claims.sid,
            iss: 'tandem',
            exp: nowSeconds() + 60,
          })}.`,
      ],
      [
        'token of another issuer',
        () =>
          signed({ sub: claims.sub, sid: claims.sid, iss: 'someone-else', exp: nowSeconds() + 60 }),
      ],
      [
        'token of an unknown session',
        () => signed({ sub: claims.sub, sid: randomUUID(), iss: 'tandem', exp: nowSeconds() + 60 }),
      ],
      [
        'token with a tampered payload',
        () => {
          const [header, , signature] = user.accessToken.split('.');
          const payload = base64UrlJson({ ...claims, sub: randomUUID() });
          return `${header}.${payload}.${signature}`;
        },
      ],
    ];

    it.each(rejectedTokens)('access token rejects %s', async (_name, makeToken) => {
      const response = await getOwnProfile(makeToken());

      expectProblem(response, 401, 'unauthorized');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    const rejectedHeaders: [string, string | undefined][] = [
      ['missing header', undefined],
      ['malformed bearer value', 'Bearer x'],
      ['empty bearer value', 'Bearer '],
      ['basic scheme', `Basic ${Buffer.from('ada:secret').toString('base64')}`],
    ];

    it.each(rejectedHeaders)('access token rejects %s', async (_name, header) => {
      const request = testApp.http.get('/v1/profiles/me');
      const response =
        header === undefined ? await request : await request.set('Authorization', header);

      expectProblem(response, 401, 'unauthorized');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    });
  });
});

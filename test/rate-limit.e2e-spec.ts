import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { expectProblem, registerUser, RegisteredUser } from './support/factories';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const WINDOW_SECONDS = 60;
const LIMITS = {
  AUTH_RATE_LIMIT_PER_IP: '3',
  AUTH_RATE_LIMIT_PER_EMAIL: '2',
  AUTH_RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
};

function unknownEmail(): string {
  return `nobody_${randomBytes(5).toString('hex')}@example.com`;
}

describe('auth rate limit', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp(LIMITS);
    user = await registerUser(testApp.http);
  });

  beforeEach(async () => {
    await resetCounters();
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Empties the counters, so every test starts with a fresh window on the shared database. */
  async function resetCounters(): Promise<void> {
    const client = new Client({ connectionString: testApp.database.url });
    await client.connect();
    try {
      await client.query('DELETE FROM rate_limit_buckets');
    } finally {
      await client.end();
    }
  }

  function login(email: string, password: string, http: TestAgent = testApp.http) {
    return http.post('/v1/auth/login').send({ email, password });
  }

  function register(http: TestAgent = testApp.http) {
    const name = randomBytes(5).toString('hex');
    return http
      .post('/v1/auth/register')
      .send({ email: `${name}@example.com`, password: 'password-1', username: `u_${name}` });
  }

  it('login sends RateLimit headers', async () => {
    const response = await login(user.email, user.password);

    expect(response.status).toBe(200);
    expect(response.headers['ratelimit-limit']).toBe('2');
    expect(response.headers['ratelimit-remaining']).toBe('1');
    const reset = Number(response.headers['ratelimit-reset']);
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(WINDOW_SECONDS);
  });

  it('login failure sends RateLimit headers', async () => {
    const response = await login(user.email, 'wrong-password');

    expect(response.status).toBe(401);
    expect(response.headers['ratelimit-limit']).toBe('2');
    expect(response.headers['ratelimit-remaining']).toBe('1');
  });

  it('login counts down remaining', async () => {
    const first = await login(user.email, user.password);
    const second = await login(user.email, user.password);

    expect(first.headers['ratelimit-remaining']).toBe('1');
    expect(second.headers['ratelimit-remaining']).toBe('0');
    expect(second.status).toBe(200);
  });

  it('login over email limit is 429', async () => {
    await login(user.email, user.password);
    await login(user.email, user.password);

    const response = await login(user.email, user.password);

    expectProblem(response, 429, 'rate_limited');
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(response.headers['ratelimit-remaining']).toBe('0');
  });

  it('login limit counts failed attempts', async () => {
    await login(user.email, 'wrong-password-1');
    await login(user.email, 'wrong-password-2');

    const response = await login(user.email, user.password);

    expectProblem(response, 429, 'rate_limited');
  });

  it('login email limit ignores case', async () => {
    await login(user.email.toUpperCase(), user.password);
    await login(` ${user.email} `, user.password);

    const response = await login(user.email, user.password);

    expectProblem(response, 429, 'rate_limited');
  });

  it('login email limit spares other emails', async () => {
    await login(user.email, user.password);
    await login(user.email, user.password);

    const response = await login(unknownEmail(), 'password-1');

    expectProblem(response, 401, 'invalid_credentials');
  });

  it('login over IP limit is 429', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const allowed = await login(unknownEmail(), 'password-1');
      expect(allowed.status).toBe(401);
    }

    const response = await login(unknownEmail(), 'password-1');

    expectProblem(response, 429, 'rate_limited');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('login without email counts per IP', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await testApp.http.post('/v1/auth/login').send({ password: 'password-1' });
    }

    const response = await login(unknownEmail(), 'password-1');

    expectProblem(response, 429, 'rate_limited');
  });

  it('register over IP limit is 429', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const allowed = await register();
      expect(allowed.status).toBe(201);
    }

    const response = await register();

    expectProblem(response, 429, 'rate_limited');
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('register sends RateLimit headers', async () => {
    const response = await register();

    expect(response.status).toBe(201);
    expect(response.headers['ratelimit-limit']).toEqual(expect.any(String));
    expect(response.headers['ratelimit-remaining']).toEqual(expect.any(String));
    expect(response.headers['ratelimit-reset']).toEqual(expect.any(String));
  });

  it('register 429 creates no account', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await register();
    }
    const name = randomBytes(5).toString('hex');
    const email = `${name}@example.com`;
    const limited = await testApp.http
      .post('/v1/auth/register')
      .send({ email, password: 'password-1', username: `u_${name}` });
    await resetCounters();

    const response = await login(email, 'password-1');

    expect(limited.status).toBe(429);
    expectProblem(response, 401, 'invalid_credentials');
  });

  describe('across instances', () => {
    let secondApp: NestFastifyApplication;
    let secondHttp: TestAgent;

    beforeAll(async () => {
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: TEST_JWT_SECRET,
        DATABASE_URL: testApp.database.url,
        ...LIMITS,
      });
      secondApp = await createApp(config);
      await secondApp.init();
      await secondApp.getHttpAdapter().getInstance().ready();
      secondHttp = request(secondApp.getHttpServer());
    });

    afterAll(async () => {
      await secondApp.close();
    });

    it('email hits add up across instances', async () => {
      const onFirst = await login(user.email, user.password, testApp.http);
      const onSecond = await login(user.email, user.password, secondHttp);

      const response = await login(user.email, user.password, testApp.http);

      expect(onFirst.headers['ratelimit-remaining']).toBe('1');
      expect(onSecond.headers['ratelimit-remaining']).toBe('0');
      expectProblem(response, 429, 'rate_limited');
    });

    it('IP hits add up across instances', async () => {
      await login(unknownEmail(), 'password-1', testApp.http);
      await login(unknownEmail(), 'password-1', secondHttp);
      await login(unknownEmail(), 'password-1', testApp.http);

      const response = await login(unknownEmail(), 'password-1', secondHttp);

      expectProblem(response, 429, 'rate_limited');
    });
  });
});

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { Environment } from '../../src/config/environment';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Runs on the new database before the app connects, for per-database settings. */
  prepareDatabase?: (database: TestDatabase) => Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/**
 * Starts the real application, plumbing included, on a database of its own.
 * Rate limits are high unless the environment overrides them, because a test
 * file registers many users from one address.
 */
export async function startTestApp(
  environment: Environment = {},
  options: TestAppOptions = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  await options.prepareDatabase?.(database);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: database.url,
    AUTH_RATE_LIMIT_PER_IP: '1000000',
    AUTH_RATE_LIMIT_PER_EMAIL: '1000000',
    ...environment,
  });

  const app = await createApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return {
    app,
    http: request(app.getHttpServer()),
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { runPendingMigrations } from '../../src/database/database-server';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { findFreePort } from './free-port';
import { setEmbeddedServer } from './embedded-server-handle';
import {
  databaseUrl,
  TEST_SERVER_URL_VARIABLE,
  TEST_TEMPLATE_DATABASE_VARIABLE,
} from './test-environment';

/**
 * Prepares one PostgreSQL server for the whole run: the server at
 * TEST_DATABASE_URL when set, else a new embedded one in a temporary folder.
 * On it, a template database is migrated once; test files clone it.
 */
export default async function globalSetup(): Promise<void> {
  Logger.overrideLogger(['error']);

  const serverUrl = process.env.TEST_DATABASE_URL || (await startEmbeddedServer());
  const templateName = `tandem_test_template_${process.pid}_${Date.now()}`;

  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${templateName}"`);
  } finally {
    await client.end();
  }
  await runPendingMigrations(databaseUrl(serverUrl, templateName));

  process.env[TEST_SERVER_URL_VARIABLE] = serverUrl;
  process.env[TEST_TEMPLATE_DATABASE_VARIABLE] = templateName;
}

async function startEmbeddedServer(): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'tandem-test-pg-'));
  const server = await startEmbeddedPostgres({
    directory,
    port: await findFreePort(),
    databaseName: 'tandem_test',
  });
  setEmbeddedServer({ server, directory });
  return server.serverUrl;
}

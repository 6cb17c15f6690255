import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source';
import {
  databaseUrl,
  requireTestEnvironment,
  TEST_SERVER_URL_VARIABLE,
  TEST_TEMPLATE_DATABASE_VARIABLE,
} from './test-environment';

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

/** Clones the migrated template into a database of this test file's own. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = requireTestEnvironment(TEST_SERVER_URL_VARIABLE);
  const template = requireTestEnvironment(TEST_TEMPLATE_DATABASE_VARIABLE);
  const name = `tandem_test_${randomBytes(6).toString('hex')}`;

  await runOnServer(serverUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);

  return {
    name,
    url: databaseUrl(serverUrl, name),
    drop: () => runOnServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Opens a DataSource on a test database with the API's own options, for repository and schema specs. */
export async function openTestDataSource(
  database: TestDatabase,
  poolSize = 5,
): Promise<DataSource> {
  const dataSource = new DataSource(
    buildDataSourceOptions(database.url, {
      poolSize,
      connectionTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
    }),
  );
  return dataSource.initialize();
}

async function runOnServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

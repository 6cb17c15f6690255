import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { takeEmbeddedServer } from './embedded-server-handle';
import { TEST_SERVER_URL_VARIABLE, TEST_TEMPLATE_DATABASE_VARIABLE } from './test-environment';

/** Drops the template database and stops the embedded server, if the setup started one. */
export default async function globalTeardown(): Promise<void> {
  const embedded = takeEmbeddedServer();
  if (embedded !== undefined) {
    // The whole server goes away with its temporary folder, so nothing needs dropping.
    await embedded.server.stop();
    rmSync(embedded.directory, { recursive: true, force: true });
    return;
  }

  const serverUrl = process.env[TEST_SERVER_URL_VARIABLE];
  const templateName = process.env[TEST_TEMPLATE_DATABASE_VARIABLE];
  if (serverUrl === undefined || templateName === undefined) {
    return;
  }
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${templateName}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

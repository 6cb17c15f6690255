import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
const MAX_IDENTIFIER_BYTES = 63;

export interface ScratchDatabase {
  name: string;
  url: string;
}

/**
 * Creates an empty database on the server of serverUrl, named after the
 * database serverUrl names plus the purpose and a random suffix, so that
 * concurrent runs never share one. The role in serverUrl needs CREATEDB.
 */
export async function createScratchDatabase(
  serverUrl: string,
  purpose: string,
): Promise<ScratchDatabase> {
  const url = new URL(serverUrl);
  const baseName = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const suffix = `_${purpose}_${randomBytes(4).toString('hex')}`;
  const name = truncateToBytes(baseName, MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix)) + suffix;

  await withClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`),
  );

  url.pathname = `/${encodeURIComponent(name)}`;
  return { name, url: url.toString() };
}

/**
 * Drops the database, ending any session still connected to it, such as
 * one a killed command left behind. Needs PostgreSQL 13 or later.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

async function withClient<R>(url: string, work: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: url, application_name: 'tandem-scripts' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function truncateToBytes(text: string, maxBytes: number): string {
  let result = text;
  while (Buffer.byteLength(result) > maxBytes) {
    result = result.slice(0, -1);
  }
  return result;
}

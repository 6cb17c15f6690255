import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { findFreePort } from '../test/support/free-port';

export interface BenchServer {
  /** URL of a database on the server that the bench role can connect to and create databases from. */
  url: string;
  embedded: boolean;
  /** Stops embedded PostgreSQL and removes its data folder; does nothing for a given server. */
  stop(): Promise<void>;
}

/** Uses the server of BENCH_DATABASE_URL, or starts embedded PostgreSQL in a new temporary folder. */
export async function openBenchServer(serverUrl: string | undefined): Promise<BenchServer> {
  if (serverUrl !== undefined) {
    return { url: serverUrl, embedded: false, stop: () => Promise.resolve() };
  }

  // Embedded PostgreSQL runs as the postgres user under root and takes ownership of
  // this folder, so the folder is the data folder itself, straight under the temp folder.
  const directory = mkdtempSync(join(tmpdir(), 'tandem-bench-pg-'));
  try {
    const server = await startEmbeddedPostgres({
      directory,
      port: await findFreePort(),
      databaseName: 'tandem_bench',
    });
    return {
      url: server.databaseUrl,
      embedded: true,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

/** Runs work with one client on the database of url, and always closes the client. */
export async function withClient<R>(url: string, work: (client: Client) => Promise<R>): Promise<R> {
  const client = new Client({ connectionString: url, application_name: 'tandem-bench' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Returns the server version, such as '17.6', as SHOW server_version reports it. */
export function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  });
}

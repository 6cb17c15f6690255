import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  /** Stops embedded PostgreSQL; does nothing for a server given by DATABASE_URL. */
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE_NAME = 'tandem';

/** Connects to DATABASE_URL, or starts embedded PostgreSQL when it is unset. */
export async function openDatabaseServer(config: DatabaseConfig): Promise<DatabaseServer> {
  if (config.url !== undefined) {
    return { url: config.url, embedded: false, stop: () => Promise.resolve() };
  }

  const server = await startEmbeddedPostgres({
    directory: config.embedded.directory,
    port: config.embedded.port,
    databaseName: EMBEDDED_DATABASE_NAME,
  });
  return { url: server.databaseUrl, embedded: true, stop: () => server.stop() };
}

/** Applies pending migrations, each in its own transaction, and logs the ones applied. */
export async function runPendingMigrations(url: string): Promise<string[]> {
  const logger = new Logger('Migrations');
  const dataSource = new DataSource(
    buildDataSourceOptions(url, {
      poolSize: 1,
      connectionTimeoutMs: 10_000,
      statementTimeoutMs: 0,
    }),
  );

  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const names = applied.map((migration) => migration.name);
    logger.log(
      { applied: names },
      names.length === 0 ? 'No pending migrations' : `Applied ${names.length} migration(s)`,
    );
    return names;
  } finally {
    await dataSource.destroy();
  }
}

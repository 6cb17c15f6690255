/**
 * Loads demo users into the database at DATABASE_URL. Safe to run again:
 * a user whose email or username a live account already has is skipped.
 *
 *   npm run db:init-data        (starts embedded PostgreSQL when DATABASE_URL is unset)
 *
 * Every demo user gets DEMO_PASSWORD, hashed as the API hashes passwords.
 * The script refuses to run with NODE_ENV=production, because accounts with
 * a published password must never reach a real deployment.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../src/auth/password-hasher';
import { UserRepository } from '../src/auth/user.repository';
import { buildDataSourceOptions } from '../src/database/data-source';
import { UNSCOPED } from '../src/database/base.repository';
import { sqlStateOf } from '../src/database/postgres-errors';
import { ProfileRepository } from '../src/profile/profile.repository';
import { PinoLogger } from '../src/logging/pino-logger';
import { scriptLogLevel } from './lib/database-script';

/** The password of every demo user, as README.md lists it. */
export const DEMO_PASSWORD = 'tandem-demo-password';

export interface DemoUser {
  email: string;
  username: string;
  displayName: string;
  bio: string;
  timeZone: string;
  locale: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'ada@example.com',
    username: 'ada',
    displayName: 'Ada Lovelace',
    bio: 'Demo account. Writes the first program, then plans the week.',
    timeZone: 'Europe/London',
    locale: 'en-GB',
  },
  {
    email: 'alan@example.com',
    username: 'alan',
    displayName: 'Alan Turing',
    bio: 'Demo account. Runs before breakfast.',
    timeZone: 'Europe/London',
    locale: 'en-GB',
  },
  {
    email: 'grace@example.com',
    username: 'grace',
    displayName: 'Grace Hopper',
    bio: 'Demo account. Keeps a nanosecond of wire on the desk.',
    timeZone: 'America/New_York',
    locale: 'en-US',
  },
];

/**
 * Serialises concurrent runs, which would otherwise both see a user as
 * missing and collide on the unique email index. The value is arbitrary but
 * fixed: ASCII "tandemdi" (tandem demo init) as a 64-bit integer.
 */
const INIT_DATA_LOCK_KEY = '8386105358618027113';

/** SQLSTATE undefined_table: the migrations have not been applied. */
const UNDEFINED_TABLE = '42P01';

type Outcome =
  | 'Created demo user'
  | 'Skipped demo user: a live account has this email'
  | 'Skipped demo user: a live profile has this username';

const logger = new Logger('init-data');

async function main(): Promise<number> {
  if (process.env.NODE_ENV === 'production') {
    logger.error(
      'NODE_ENV is production: demo users with a published password are not loaded there.',
    );
    return 1;
  }
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    logger.error(
      'DATABASE_URL is not set. Run npm run db:init-data, which starts embedded PostgreSQL when it is unset.',
    );
    return 1;
  }

  // Hashing takes tens of milliseconds per user, so it happens before the transaction opens.
  const hasher = new PasswordHasher();
  const passwordHash = await hasher.hash(DEMO_PASSWORD);

  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  try {
    const outcomes = await dataSource.transaction((manager) =>
      insertDemoUsers(manager, passwordHash),
    );
    for (const [user, outcome] of outcomes) {
      logger.log({ email: user.email, username: user.username }, outcome);
    }
    return 0;
  } catch (error) {
    if (sqlStateOf(error) === UNDEFINED_TABLE) {
      logger.error('The schema is missing: apply the migrations first (npm run migration:run).');
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

async function insertDemoUsers(
  manager: EntityManager,
  passwordHash: string,
): Promise<Map<DemoUser, Outcome>> {
  const users = new UserRepository();
  const profiles = new ProfileRepository();
  const outcomes = new Map<DemoUser, Outcome>();

  await manager.query('SELECT pg_advisory_xact_lock($1)', [INIT_DATA_LOCK_KEY]);

  for (const demo of DEMO_USERS) {
    if (await users.exists(manager, UNSCOPED, { email: demo.email })) {
      outcomes.set(demo, 'Skipped demo user: a live account has this email');
      continue;
    }
    if (await profiles.exists(manager, UNSCOPED, { username: demo.username })) {
      outcomes.set(demo, 'Skipped demo user: a live profile has this username');
      continue;
    }

    const user = await users.insert(manager, { email: demo.email, passwordHash });
    await profiles.insert(manager, {
      id: user.id,
      username: demo.username,
      displayName: demo.displayName,
      bio: demo.bio,
      timeZone: demo.timeZone,
      locale: demo.locale,
    });
    outcomes.set(demo, 'Created demo user');
  }
  return outcomes;
}

if (require.main === module) {
  Logger.overrideLogger(PinoLogger.create(scriptLogLevel(), 2));
  main().then(
    (exitCode) => process.exit(exitCode),
    (error: unknown) => {
      logger.error({ err: error }, 'Loading demo data failed');
      process.exit(1);
    },
  );
}

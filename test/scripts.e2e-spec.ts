import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { DEMO_PASSWORD, DEMO_USERS } from '../scripts/init-data';
import {
  createScratchDatabase,
  dropDatabase,
  ScratchDatabase,
} from '../scripts/lib/scratch-database';
import { findFreePort } from './support/free-port';
import { createTestDatabase, TestDatabase } from './support/test-database';
import { requireTestEnvironment, TEST_SERVER_URL_VARIABLE } from './support/test-environment';

/**
 * The operator scripts as a developer runs them: with-database.ts,
 * migration:check, db:init-data and dev-migrate.sh, each a real process
 * against the test server or a new embedded PostgreSQL.
 */

const PROJECT_ROOT = join(__dirname, '..');
/** Milliseconds one script may run; a first embedded start includes initdb. */
const SCRIPT_TIMEOUT_MS = 120_000;

jest.setTimeout(2 * SCRIPT_TIMEOUT_MS);

interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in the project root with the environment given plus PATH and HOME only. */
function run(
  command: string,
  args: string[],
  environment: Record<string, string> = {},
  cwd = PROJECT_ROOT,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** Fails with the command's whole output when its exit status differs. */
function expectStatus(result: RunResult, expected: number): void {
  if (result.status !== expected) {
    throw new Error(
      `Expected exit status ${expected}, got ${result.status}\n` +
        `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

async function query<R extends Record<string, unknown>>(
  url: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, parameters)).rows;
  } finally {
    await client.end();
  }
}

async function databaseNames(serverUrl: string, prefix: string): Promise<string[]> {
  const rows = await query<{ datname: string }>(
    serverUrl,
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname',
    [prefix],
  );
  return rows.map((row) => row.datname);
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

describe('with-database.ts', () => {
  it('passes DATABASE_URL through and returns the exit code', async () => {
    const url = 'postgres://someone@127.0.0.1:1/elsewhere';
    const result = await run(
      'node_modules/.bin/ts-node',
      ['scripts/with-database.ts', 'sh', '-c', 'echo "$DATABASE_URL"; exit 7'],
      { DATABASE_URL: url },
    );

    expectStatus(result, 7);
    expect(result.stdout.trim()).toBe(url);
  });

  it('prints usage and exits 2 without a command', async () => {
    const result = await run('node_modules/.bin/ts-node', ['scripts/with-database.ts']);

    expectStatus(result, 2);
    expect(result.stderr).toContain('Usage:');
  });

  it('rejects an invalid DATABASE_URL', async () => {
    const result = await run('node_modules/.bin/ts-node', ['scripts/with-database.ts', 'true'], {
      DATABASE_URL: 'mysql://127.0.0.1/tandem',
    });

    expectStatus(result, 1);
    expect(result.stderr).toContain('DATABASE_URL must be a URL');
  });
});

describe('scripts without DATABASE_URL', () => {
  let dataFolder: string;
  let port: number;

  beforeAll(async () => {
    dataFolder = mkdtempSync(join(tmpdir(), 'tandem-scripts-pg-'));
    port = await findFreePort();
  });

  afterAll(() => {
    rmSync(dataFolder, { recursive: true, force: true });
  });

  function embeddedEnvironment(): Record<string, string> {
    return { EMBEDDED_POSTGRES_DIR: dataFolder, EMBEDDED_POSTGRES_PORT: String(port) };
  }

  it('with-database.ts starts embedded PostgreSQL and stops it', async () => {
    const connect =
      "const { Client } = require('pg');" +
      'const client = new Client({ connectionString: process.env.DATABASE_URL });' +
      "client.connect().then(() => client.query('SELECT current_database() AS name'))" +
      '.then((result) => { console.log(result.rows[0].name); return client.end(); })' +
      '.then(() => process.exit(3), (error) => { console.error(error); process.exit(1); });';

    const result = await run(
      'node_modules/.bin/ts-node',
      ['scripts/with-database.ts', 'node', '-e', connect],
      embeddedEnvironment(),
    );

    expectStatus(result, 3);
    expect(result.stdout.trim()).toBe('tandem');
    expect(await isPortFree(port)).toBe(true);
  });

  it('dev-migrate.sh bootstrap runs both steps on one server', async () => {
    const bootstrap = await run(
      'bash',
      ['scripts/dev-migrate.sh', 'bootstrap'],
      embeddedEnvironment(),
    );
    expectStatus(bootstrap, 0);
    expect(bootstrap.stderr.match(/Starting embedded PostgreSQL/g)).toHaveLength(1);
    expect(bootstrap.stderr).toContain('Created demo user');

    const status = await run('bash', ['scripts/dev-migrate.sh', 'status'], embeddedEnvironment());
    expectStatus(status, 0);
    expect(status.stdout).toMatch(/^\[X\]/m);
    expect(status.stdout).not.toMatch(/^\[ \]/m);
    expect(await isPortFree(port)).toBe(true);
  });
});

describe('migration:check', () => {
  let serverUrl: string;
  let scratchPrefix: string;

  beforeAll(() => {
    serverUrl = requireTestEnvironment(TEST_SERVER_URL_VARIABLE);
    scratchPrefix = `${new URL(serverUrl).pathname.slice(1)}_check_`;
  });

  it('passes on the current entities and drops its scratch database', async () => {
    const before = await databaseNames(serverUrl, scratchPrefix);
    const result = await run('npm', ['run', '--silent', 'migration:check'], {
      DATABASE_URL: serverUrl,
    });

    expectStatus(result, 0);
    expect(result.stderr).toContain('Entities match the migrated schema');
    expect(await databaseNames(serverUrl, scratchPrefix)).toEqual(before);
  });

  describe('on a project copy with an entity that has no migration', () => {
    let copy: string;

    beforeAll(() => {
      copy = mkdtempSync(join(tmpdir(), 'tandem-drift-'));
      for (const entry of ['src', 'scripts', 'package.json', 'tsconfig.json']) {
        cpSync(join(PROJECT_ROOT, entry), join(copy, entry), { recursive: true });
      }
      symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');

      mkdirSync(join(copy, 'src', 'drift-probe'));
      writeFileSync(
        join(copy, 'src', 'drift-probe', 'drift-probe.entity.ts'),
        [
          "import { Column, Entity, PrimaryColumn } from 'typeorm';",
          '',
          "@Entity({ name: 'drift_probes' })",
          'export class DriftProbe {',
          "  @PrimaryColumn({ name: 'id', type: 'uuid' })",
          '  id: string;',
          '',
          "  @Column({ name: 'note', type: 'varchar', length: 40 })",
          '  note: string;',
          '}',
          '',
        ].join('\n'),
      );
    });

    afterAll(() => {
      rmSync(copy, { recursive: true, force: true });
    });

    it('fails, prints the missing SQL and drops its scratch database', async () => {
      const before = await databaseNames(serverUrl, scratchPrefix);
      const result = await run(
        'npm',
        ['run', '--silent', 'migration:check'],
        { DATABASE_URL: serverUrl },
        copy,
      );

      expectStatus(result, 1);
      expect(result.stdout).toContain('CREATE TABLE "drift_probes"');
      expect(await databaseNames(serverUrl, scratchPrefix)).toEqual(before);
    });
  });
});

describe('db:init-data', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  function initData(environment: Record<string, string> = {}): Promise<RunResult> {
    return run('npm', ['run', '--silent', 'db:init-data'], {
      DATABASE_URL: database.url,
      ...environment,
    });
  }

  async function demoAccounts(): Promise<{ email: string; username: string; hash: string }[]> {
    return query(
      database.url,
      `SELECT u.email, p.username, u.password_hash AS hash
         FROM users u JOIN profiles p ON p.id = u.id
        WHERE u.deleted_at IS NULL AND p.deleted_at IS NULL
        ORDER BY u.email`,
    );
  }

  it('creates every demo user once across two runs', async () => {
    const first = await initData();
    expectStatus(first, 0);
    const second = await initData();
    expectStatus(second, 0);
    expect(second.stderr).not.toContain('Created demo user');

    const accounts = await demoAccounts();
    expect(accounts.map((account) => account.email)).toEqual(
      DEMO_USERS.map((user) => user.email).sort(),
    );
    expect(accounts.map((account) => account.username).sort()).toEqual(
      DEMO_USERS.map((user) => user.username).sort(),
    );
    for (const account of accounts) {
      expect(account.hash).toMatch(/^\$argon2id\$/);
      expect(await argon2.verify(account.hash, DEMO_PASSWORD)).toBe(true);
    }
  });

  it('skips a user whose username a live profile has', async () => {
    const demoWithTakenUsername = DEMO_USERS[0];
    if (demoWithTakenUsername === undefined) {
      throw new Error('DEMO_USERS is empty');
    }
    const [other] = await query<{ id: string }>(
      database.url,
      "INSERT INTO users (email, password_hash) VALUES ('someone@example.com', 'x') RETURNING id",
    );
    await query(
      database.url,
      'INSERT INTO profiles (id, username, display_name) VALUES ($1, $2, $3)',
      [other?.id, demoWithTakenUsername.username, 'Someone Else'],
    );

    const result = await initData();

    expectStatus(result, 0);
    expect(result.stderr).toContain('a live profile has this username');
    const emails = (await demoAccounts()).map((account) => account.email);
    expect(emails).not.toContain(demoWithTakenUsername.email);
    expect(emails).toHaveLength(DEMO_USERS.length);
  });

  it('creates a user again whose earlier account was deleted', async () => {
    const demo = DEMO_USERS[0];
    if (demo === undefined) {
      throw new Error('DEMO_USERS is empty');
    }
    await query(
      database.url,
      "INSERT INTO users (email, password_hash, deleted_at) VALUES ($1, 'x', now())",
      [demo.email],
    );

    expectStatus(await initData(), 0);

    const emails = (await demoAccounts()).map((account) => account.email);
    expect(emails).toContain(demo.email);
  });

  it('rejects NODE_ENV=production', async () => {
    const result = await initData({ NODE_ENV: 'production' });

    expectStatus(result, 1);
    expect(result.stderr).toContain('NODE_ENV is production');
    expect(await demoAccounts()).toEqual([]);
  });
});

describe('dev-migrate.sh with DATABASE_URL', () => {
  let serverUrl: string;
  let database: ScratchDatabase;

  beforeAll(async () => {
    serverUrl = requireTestEnvironment(TEST_SERVER_URL_VARIABLE);
    database = await createScratchDatabase(serverUrl, 'scripts');
  });

  afterAll(async () => {
    await dropDatabase(serverUrl, database.name);
  });

  function devMigrate(...args: string[]): Promise<RunResult> {
    return run('bash', ['scripts/dev-migrate.sh', ...args], { DATABASE_URL: database.url });
  }

  async function tableExists(name: string): Promise<boolean> {
    const rows = await query<{ found: string | null }>(
      database.url,
      'SELECT to_regclass($1) AS found',
      [name],
    );
    return rows[0]?.found !== null;
  }

  it('prints usage and exits 2 without a command', async () => {
    const result = await devMigrate();

    expectStatus(result, 2);
    expect(result.stderr).toContain('Usage: scripts/dev-migrate.sh COMMAND');
  });

  it('rejects an unknown command', async () => {
    const result = await devMigrate('upgrade');

    expectStatus(result, 2);
    expect(result.stderr).toContain('Unknown command: upgrade');
  });

  it('status lists pending migrations on an empty database', async () => {
    const result = await devMigrate('status');

    expectStatus(result, 0);
    expect(result.stdout).toMatch(/^\[ \]/m);
  });

  it('bootstrap migrates and loads the demo users', async () => {
    const result = await devMigrate('bootstrap');
    expectStatus(result, 0);

    const users = await query<{ count: string }>(database.url, 'SELECT count(*) FROM users');
    expect(Number(users[0]?.count)).toBe(DEMO_USERS.length);
  });

  it('revert undoes the last migration and migrate applies it again', async () => {
    const reverted = await devMigrate('revert');
    expectStatus(reverted, 0);
    const status = await devMigrate('status');
    expect(status.stdout).toMatch(/^\[ \]/m);

    const migrated = await devMigrate('migrate');
    expectStatus(migrated, 0);
    expect(await tableExists('users')).toBe(true);
    expect((await devMigrate('status')).stdout).not.toMatch(/^\[ \]/m);
  });
});

import { ConfigValidationError, loadConfig } from './app-config';
import { Environment } from './environment';

const VALID_SECRET = 'a-production-secret-of-at-least-32-characters';

/** Runs loadConfig and returns the ConfigValidationError it throws. */
function configError(environment: Environment): ConfigValidationError {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('loadConfig', () => {
  it('rejects a non-numeric PORT', () => {
    const error = configError({ PORT: 'eighty' });

    expect(error.problems).toEqual([`PORT must be an integer from 0 to 65535, got 'eighty'.`]);
  });

  it('rejects an out-of-range PORT', () => {
    const error = configError({ PORT: '70000' });

    expect(error.message).toContain(`PORT must be an integer from 0 to 65535, got '70000'.`);
  });

  it('rejects a non-postgres DATABASE_URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://root@localhost/tandem' });

    expect(error.problems).toEqual([
      'DATABASE_URL must be a URL of the form postgres://user:password@host:port/database.',
    ]);
  });

  it('rejects an unparsable DATABASE_URL', () => {
    const error = configError({ DATABASE_URL: 'not a url' });

    expect(error.message).toContain('DATABASE_URL must be a URL of the form postgres://');
  });

  it('requires JWT_SECRET in production', () => {
    const error = configError({ NODE_ENV: 'production' });

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^JWT_SECRET is required when NODE_ENV is 'production'/);
    expect(error.problems[0]).toContain('at least 32 characters');
  });

  it('rejects a short JWT_SECRET', () => {
    const error = configError({ NODE_ENV: 'production', JWT_SECRET: 'short' });

    expect(error.problems).toEqual(['JWT_SECRET must be at least 32 characters long, got 5.']);
  });

  it('lists every invalid variable at once', () => {
    const error = configError({
      NODE_ENV: 'production',
      PORT: '-1',
      DATABASE_URL: 'http://db.example.com/tandem',
      DATABASE_POOL_SIZE: 'many',
    });

    expect(error.problems).toHaveLength(4);
    expect(error.message).toContain(`PORT must be an integer from 0 to 65535, got '-1'.`);
    expect(error.message).toContain('DATABASE_URL must be a URL of the form postgres://');
    expect(error.message).toContain(
      `DATABASE_POOL_SIZE must be an integer from 1 to 500, got 'many'.`,
    );
    expect(error.message).toContain(`JWT_SECRET is required when NODE_ENV is 'production'`);
  });

  it('hides the password of a bad DATABASE_URL', () => {
    const error = configError({ DATABASE_URL: 'mysql://root:hunter2-secret@localhost/tandem' });

    expect(error.message).not.toContain('hunter2-secret');
  });

  it('rejects an unknown NODE_ENV', () => {
    const error = configError({ NODE_ENV: 'staging', JWT_SECRET: VALID_SECRET });

    expect(error.problems).toEqual([
      `NODE_ENV must be one of development, test, production, got 'staging'.`,
    ]);
  });

  it('generates a secret in development', () => {
    const config = loadConfig({ NODE_ENV: 'development' });

    expect(config.auth.jwtSecretGenerated).toBe(true);
    expect(config.auth.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('generates a different secret each load', () => {
    const first = loadConfig({}).auth.jwtSecret;
    const second = loadConfig({}).auth.jwtSecret;

    expect(first).not.toBe(second);
  });

  it('keeps a given JWT_SECRET', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: VALID_SECRET });

    expect(config.auth.jwtSecret).toBe(VALID_SECRET);
    expect(config.auth.jwtSecretGenerated).toBe(false);
  });

  it('applies defaults to an empty environment', () => {
    const config = loadConfig({});

    expect(config.nodeEnvironment).toBe('development');
    expect(config.logLevel).toBe('info');
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      bodyLimitBytes: 100 * 1024,
      corsOrigins: [],
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
    });
    expect(config.database).toEqual({
      url: undefined,
      runMigrations: true,
      poolSize: 10,
      connectionTimeoutMs: 5_000,
      statementTimeoutMs: 15_000,
      embedded: { port: 54329, directory: '.data/postgres' },
    });
    expect(config.auth.accessTokenTtlSeconds).toBe(900);
    expect(config.auth.refreshTokenTtlDays).toBe(30);
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '' });

    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
  });

  it('skips migrations for a given DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app@127.0.0.1:5432/tandem' });

    expect(config.database.url).toBe('postgres://app@127.0.0.1:5432/tandem');
    expect(config.database.runMigrations).toBe(false);
  });

  it('runs migrations when MIGRATIONS_RUN is true', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://app@127.0.0.1:5432/tandem',
      MIGRATIONS_RUN: 'true',
    });

    expect(config.database.runMigrations).toBe(true);
  });

  it('splits CORS_ORIGINS on commas', () => {
    const config = loadConfig({ CORS_ORIGINS: 'https://a.example, https://b.example,' });

    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('rejects a non-boolean TRUST_PROXY', () => {
    const error = configError({ TRUST_PROXY: 'yes' });

    expect(error.problems).toEqual([`TRUST_PROXY must be 'true' or 'false', got 'yes'.`]);
  });
});

import { randomBytes } from 'node:crypto';
import { Environment, EnvironmentReader } from './environment';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MINIMUM_JWT_SECRET_LENGTH = 32;

export interface DatabaseConfig {
  /** Unset means: start embedded PostgreSQL and migrate it. */
  url: string | undefined;
  runMigrations: boolean;
  poolSize: number;
  /** Milliseconds a request waits for a free pooled connection before it fails with 503. */
  connectionTimeoutMs: number;
  /** Milliseconds one SQL statement may run before PostgreSQL cancels it. */
  statementTimeoutMs: number;
  embedded: { port: number; directory: string };
}

export interface AuthConfig {
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  rateLimit: { windowSeconds: number; maxPerIp: number; maxPerEmail: number };
}

export interface HttpConfig {
  host: string;
  port: number;
  bodyLimitBytes: number;
  corsOrigins: string[];
  trustProxy: boolean;
  shutdownTimeoutMs: number;
}

export interface AppConfig {
  nodeEnvironment: NodeEnvironment;
  logLevel: LogLevel;
  http: HttpConfig;
  database: DatabaseConfig;
  auth: AuthConfig;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Reads and validates the whole configuration, or throws one error that lists every problem. */
export function loadConfig(environment: Environment = process.env): AppConfig {
  const reader = new EnvironmentReader(environment);
  const nodeEnvironment = reader.oneOf('NODE_ENV', NODE_ENVIRONMENTS, 'development');

  const config: AppConfig = {
    nodeEnvironment,
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    http: readHttpConfig(reader),
    database: readDatabaseConfig(reader),
    auth: readAuthConfig(reader, nodeEnvironment),
  };

  if (reader.problems.length > 0) {
    throw new ConfigValidationError(reader.problems);
  }
  return config;
}

function readHttpConfig(reader: EnvironmentReader): HttpConfig {
  return {
    host: reader.string('HOST', '127.0.0.1') as string,
    port: reader.integer('PORT', 3000, { min: 0, max: 65535 }),
    bodyLimitBytes: reader.integer('BODY_LIMIT_BYTES', 100 * 1024, {
      min: 1024,
      max: 10 * 1024 * 1024,
    }),
    corsOrigins: reader.list('CORS_ORIGINS'),
    trustProxy: reader.boolean('TRUST_PROXY', false),
    shutdownTimeoutMs: reader.integer('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 0, max: 600_000 }),
  };
}

function readDatabaseConfig(reader: EnvironmentReader): DatabaseConfig {
  const url = reader.postgresUrl('DATABASE_URL');

  return {
    url,
    runMigrations: url === undefined ? true : reader.boolean('MIGRATIONS_RUN', false),
    poolSize: reader.integer('DATABASE_POOL_SIZE', 10, { min: 1, max: 500 }),
    connectionTimeoutMs: reader.integer('DATABASE_CONNECTION_TIMEOUT_MS', 5_000, {
      min: 100,
      max: 120_000,
    }),
    statementTimeoutMs: reader.integer('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, {
      min: 0,
      max: 600_000,
    }),
    embedded: {
      port: reader.integer('EMBEDDED_POSTGRES_PORT', 54329, { min: 1, max: 65535 }),
      directory: reader.string('EMBEDDED_POSTGRES_DIR', '.data/postgres') as string,
    },
  };
}

function readAuthConfig(reader: EnvironmentReader, nodeEnvironment: NodeEnvironment): AuthConfig {
  const secret = reader.string('JWT_SECRET');

  if (secret !== undefined && secret.length < MINIMUM_JWT_SECRET_LENGTH) {
    reader.problems.push(
      `JWT_SECRET must be at least ${MINIMUM_JWT_SECRET_LENGTH} characters long, got ${secret.length}.`,
    );
  }
  if (secret === undefined && nodeEnvironment !== 'development') {
    reader.problems.push(
      `JWT_SECRET is required when NODE_ENV is '${nodeEnvironment}': set a random string of at least ${MINIMUM_JWT_SECRET_LENGTH} characters.`,
    );
  }

  return {
    jwtSecret: secret ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: secret === undefined,
    accessTokenTtlSeconds: reader.integer('JWT_ACCESS_TTL_SECONDS', 900, { min: 10, max: 86_400 }),
    refreshTokenTtlDays: reader.integer('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1, max: 365 }),
    rateLimit: {
      windowSeconds: reader.integer('AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, { min: 1, max: 86_400 }),
      maxPerIp: reader.integer('AUTH_RATE_LIMIT_PER_IP', 30, { min: 1, max: 1_000_000 }),
      maxPerEmail: reader.integer('AUTH_RATE_LIMIT_PER_EMAIL', 10, { min: 1, max: 1_000_000 }),
    },
  };
}

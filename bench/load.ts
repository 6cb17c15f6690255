import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { buildFriendshipScenarios } from './friendship-scenarios';
import { buildScheduleScenario } from './schedule-scenario';
import { BenchUser, SeededDataset } from './seed';

export type RouteKey =
  | 'list'
  | 'listDueOpen'
  | 'get'
  | 'scheduleWeek'
  | 'friends'
  | 'relationships'
  | 'create'
  | 'patch';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RouteScenario {
  key: RouteKey;
  /** Method and path as the results table shows them. */
  label: string;
  kind: 'read' | 'write';
  /** Builds the next request. Successive calls rotate through the users, whichever connection sends them. */
  next(): HttpRequest;
  /**
   * Returns what is wrong with a successful response body to the request,
   * given what the seed put in the database, or undefined when nothing is.
   */
  findBodyProblem?(request: HttpRequest, body: unknown): string | undefined;
}

export interface LoadResult {
  /** Completed requests divided by the measured seconds. */
  requestsPerSecond: number;
  /** Milliseconds. */
  latencyP50: number;
  /** Milliseconds. */
  latencyP99: number;
  requests: number;
  /** Responses with a status outside 2xx, by status code. */
  failures: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
}

/** Lifetime of the bench's access tokens: longer than any run. */
const TOKEN_TTL_SECONDS = 3_600;

/**
 * Signs an access token for each user the way TokenService does: HS256,
 * issuer tandem, claims sub (user) and sid (session).
 */
export function signAccessTokens(users: BenchUser[], secret: string): string[] {
  return users.map((user) =>
    sign({ sub: user.id, sid: user.sessionId }, secret, {
      algorithm: 'HS256',
      expiresIn: TOKEN_TTL_SECONDS,
      issuer: 'tandem',
    }),
  );
}

/**
 * Returns the benchmarked routes in the order they run: reads first, so that
 * the todos that the writes add do not change what the reads see. tokens[i]
 * is the access token of seeded.users[i].
 */
export function buildScenarios(seeded: SeededDataset, tokens: string[]): RouteScenario[] {
  const authorizations = new Map(
    seeded.users.map((user, index) => [user.id, `Bearer ${tokens[index] ?? ''}`]),
  );
  const authorizationOf = (userId: string): string => {
    const authorization = authorizations.get(userId);
    if (authorization === undefined) {
      throw new Error(`Seeded user ${userId} sends requests but has no session.`);
    }
    return authorization;
  };

  const [list, listDueOpen, get, create, patch] = buildTodoScenarios(seeded.users, tokens);
  return [
    list,
    listDueOpen,
    get,
    buildScheduleScenario(seeded.schedule, authorizationOf),
    ...buildFriendshipScenarios(seeded.friendships, authorizationOf),
    create,
    patch,
  ];
}

/** Returns the todo routes: list, list of open todos by due date, get, create and patch. */
function buildTodoScenarios(
  users: BenchUser[],
  tokens: string[],
): [RouteScenario, RouteScenario, RouteScenario, RouteScenario, RouteScenario] {
  const withTodos = users
    .map((user, index) => ({ user, authorization: `Bearer ${tokens[index] ?? ''}` }))
    .filter(({ user }) => user.todoIds.length > 0);
  if (withTodos.length === 0) {
    throw new Error('No seeded user has a live todo to read or patch.');
  }

  // The nth request goes to user n mod the user count, and to one of that user's todos.
  const rotation = (counter: number) => {
    const entry = withTodos[counter % withTodos.length] as (typeof withTodos)[number];
    const round = Math.floor(counter / withTodos.length);
    const todoId = entry.user.todoIds[round % entry.user.todoIds.length] as string;
    return { authorization: entry.authorization, todoId };
  };
  const counter = (): (() => number) => {
    let value = 0;
    return () => value++;
  };

  const listCounter = counter();
  const listDueCounter = counter();
  const getCounter = counter();
  const createCounter = counter();
  const patchCounter = counter();

  return [
    {
      key: 'list',
      label: 'GET /v1/todos',
      kind: 'read',
      next: () => ({
        method: 'GET',
        path: '/v1/todos',
        headers: { authorization: rotation(listCounter()).authorization },
      }),
    },
    {
      key: 'listDueOpen',
      label: 'GET /v1/todos?sort=dueAt&completed=false',
      kind: 'read',
      next: () => ({
        method: 'GET',
        path: '/v1/todos?sort=dueAt&completed=false',
        headers: { authorization: rotation(listDueCounter()).authorization },
      }),
    },
    {
      key: 'get',
      label: 'GET /v1/todos/{id}',
      kind: 'read',
      next: () => {
        const { authorization, todoId } = rotation(getCounter());
        return { method: 'GET', path: `/v1/todos/${todoId}`, headers: { authorization } };
      },
    },
    {
      key: 'create',
      label: 'POST /v1/todos',
      kind: 'write',
      next: () => {
        const number = createCounter();
        return {
          method: 'POST',
          path: '/v1/todos',
          headers: {
            authorization: rotation(number).authorization,
            'content-type': 'application/json',
          },
          body: JSON.stringify(createBody(number)),
        };
      },
    },
    {
      key: 'patch',
      label: 'PATCH /v1/todos/{id}',
      kind: 'write',
      next: () => {
        const number = patchCounter();
        const { authorization, todoId } = rotation(number);
        return {
          method: 'PATCH',
          path: `/v1/todos/${todoId}`,
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({
            title: `Renamed todo ${number}`,
            priority: number % 4,
            completed: number % 2 === 0,
          }),
        };
      },
    },
  ];
}

/** Builds a create body: half due at an instant, a quarter with notes, priorities 0 to 3 in turn. */
function createBody(number: number): Record<string, unknown> {
  return {
    title: `Bench todo ${number}`,
    priority: number % 4,
    ...(number % 2 === 0 ? { dueAt: '2027-03-01T09:30:00Z' } : {}),
    ...(number % 4 === 1 ? { notes: 'Written by the load generator.' } : {}),
  };
}

/**
 * Sends the scenario's requests to baseUrl for the given seconds over the
 * given connections, and resolves with a raw result for summarizeRounds.
 */
export function runRound(
  baseUrl: string,
  scenario: RouteScenario,
  seconds: number,
  connections: number,
): Promise<autocannon.RawResult> {
  return autocannon({
    ...loadOptions(baseUrl, connections),
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, ...scenario.next() }) }],
    skipAggregateResult: true,
  });
}

/** Merges the rounds of one server into one result, latency histograms included. */
export function summarizeRounds(
  baseUrl: string,
  connections: number,
  rounds: autocannon.RawResult[],
): LoadResult {
  const result = autocannon.aggregateResult(rounds, loadOptions(baseUrl, connections));
  const seconds = rounds.reduce((sum, round) => sum + round.duration, 0);

  const failures: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats)) {
    if (!status.startsWith('2')) {
      failures[status] = stats.count;
    }
  }
  return {
    requestsPerSecond: result.latency.totalCount / seconds,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    requests: result.latency.totalCount,
    failures,
    errors: result.errors + result.timeouts,
  };
}

function loadOptions(baseUrl: string, connections: number): autocannon.Options {
  return { url: baseUrl, connections };
}

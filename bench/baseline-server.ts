/**
 * The baseline of `npm run bench`: the benchmarked routes on node:http and
 * pg, with no framework, no ORM and no logging. It runs the SQL the API
 * runs (bench/baseline-sql.ts) and the same authentication: an HS256 access
 * token verified with jsonwebtoken, then the guard's session query. So the
 * ratio of API to baseline throughput measures what Nest, Fastify,
 * validation, TypeORM and pino cost on top of the database work.
 *
 * It serves only what the benchmark sends: GET /v1/todos with sort, order,
 * completed and limit, GET and PATCH /v1/todos/{id} without If-Match,
 * POST /v1/todos without Idempotency-Key, GET /v1/schedule-items with from,
 * to and limit (bench/baseline-schedule.ts), GET /v1/friendships of accepted
 * friends and GET /v1/relationships (bench/baseline-friendships.ts), and
 * GET /health/ready for start-up.
 *
 * Environment: DATABASE_URL, JWT_SECRET, HOST (default 127.0.0.1), PORT,
 * DATABASE_POOL_SIZE (default 10), DATABASE_CONNECTION_TIMEOUT_MS (default
 * 5000) and DATABASE_STATEMENT_TIMEOUT_MS (default 15000), read like the API
 * reads them.
 */
import { createSecretKey, randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { JwtPayload, verify } from 'jsonwebtoken';
import { isUUID } from 'class-validator';
import { Pool, PoolClient, types } from 'pg';
import { isCalendarDate, isRfc3339Instant } from '../src/common/validation/date-time';
import {
  ColumnChange,
  COMMIT_PROBE_SQL,
  COMMIT_SQL,
  FIND_TODO_SQL,
  insertTodoStatement,
  LIST_SORT_COLUMNS,
  ListSort,
  listTodosSql,
  ROLLBACK_SQL,
  SESSION_IS_ACTIVE_SQL,
  START_TRANSACTION_SQL,
  TICK_SQL,
  updateTodoStatement,
} from './baseline-sql';
import { listFriendships, lookupRelationships } from './baseline-friendships';
import {
  encodeCursor,
  HttpError,
  limitParameter,
  listFingerprint,
  validationFailed,
} from './baseline-http';
import { listScheduleItems } from './baseline-schedule';

// The API keeps dates as 'YYYY-MM-DD' strings (src/database/data-source.ts); 1082 is the OID of date.
types.setTypeParser(1082, (value) => value);

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;
const TODO_PATH = /^\/v1\/todos\/([^/]+)$/;
const TODO_COLLECTION = 'todos';
const BODY_LIMIT_BYTES = 100 * 1024;
const MAX_TITLE_LENGTH = 500;
const MAX_NOTES_LENGTH = 10_000;
const VISIBILITIES = ['private', 'friends'];
const DEFAULT_ORDER: Record<ListSort, 'asc' | 'desc'> = {
  createdAt: 'desc',
  updatedAt: 'desc',
  priority: 'desc',
  dueAt: 'asc',
};
const CREATE_FIELDS = ['title', 'notes', 'completed', 'dueAt', 'dueDate', 'priority', 'visibility'];

/** A todo row as RETURNING * or the aliased select list yields it, keyed by column name. */
interface TodoRow {
  id: string;
  title: string;
  notes: string | null;
  completed_at: Date | null;
  due_at: Date | null;
  due_date: string | null;
  priority: number;
  visibility: string;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface TodoInput {
  title?: string;
  notes?: string | null;
  completed?: boolean;
  dueAt?: string | null;
  dueDate?: string | null;
  priority?: number;
  visibility?: string;
}

// A KeyObject, because jsonwebtoken 9 first tries to parse a string or Buffer secret as a
// public key on every verify, and that failed attempt costs more than the HMAC itself.
const secret = createSecretKey(Buffer.from(requireVariable('JWT_SECRET')));
const pool = new Pool({
  connectionString: requireVariable('DATABASE_URL'),
  max: integerVariable('DATABASE_POOL_SIZE', 10),
  connectionTimeoutMillis: integerVariable('DATABASE_CONNECTION_TIMEOUT_MS', 5_000),
  statement_timeout: integerVariable('DATABASE_STATEMENT_TIMEOUT_MS', 15_000),
  application_name: 'tandem-baseline',
});

const server = createServer((request, response) => {
  void handle(request, response);
});
server.listen(integerVariable('PORT', 3001), process.env.HOST ?? '127.0.0.1');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    void pool.end().then(() => process.exit(0));
  });
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  response.setHeader('X-Request-Id', randomUUID());
  try {
    const url = new URL(request.url ?? '/', 'http://baseline');
    if (url.pathname === '/health/ready' && request.method === 'GET') {
      sendJson(response, 200, { status: 'ok' });
      return;
    }

    const ownerId = await authenticate(request.headers.authorization);
    await route(request, response, url, ownerId);
  } catch (error) {
    sendError(response, error);
  }
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  ownerId: string,
): Promise<void> {
  if (url.pathname === '/v1/todos') {
    if (request.method === 'GET') {
      sendJson(response, 200, await listTodos(ownerId, url.searchParams));
      return;
    }
    if (request.method === 'POST') {
      const todo = toResponse(await createTodo(ownerId, await readBody(request)));
      response.setHeader('Location', `/v1/todos/${todo.id}`);
      response.setHeader('ETag', `"${todo.version}"`);
      sendJson(response, 201, todo);
      return;
    }
  }

  if (request.method === 'GET') {
    switch (url.pathname) {
      case '/v1/schedule-items':
        sendJson(response, 200, await listScheduleItems(pool, ownerId, url.searchParams));
        return;
      case '/v1/friendships':
        sendJson(response, 200, await listFriendships(pool, ownerId, url.searchParams));
        return;
      case '/v1/relationships':
        sendJson(response, 200, await lookupRelationships(pool, ownerId, url.searchParams));
        return;
    }
  }

  const match = TODO_PATH.exec(url.pathname);
  if (match?.[1] !== undefined) {
    const id = match[1];
    if (!isUUID(id)) {
      throw new HttpError(400, 'invalid_id', 'id must be a UUID.');
    }
    if (request.method === 'GET') {
      sendTodo(response, await getTodo(ownerId, id));
      return;
    }
    if (request.method === 'PATCH') {
      sendTodo(response, await updateTodo(ownerId, id, await readBody(request)));
      return;
    }
  }
  throw new HttpError(404, 'not_found', 'The baseline does not serve this route.');
}

async function authenticate(header: string | undefined): Promise<string> {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (token === undefined) {
    throw unauthorized();
  }

  let claims: string | JwtPayload;
  try {
    claims = verify(token, secret, { algorithms: ['HS256'], issuer: 'tandem' });
  } catch {
    throw unauthorized();
  }
  const sub: unknown = typeof claims === 'string' ? undefined : claims.sub;
  const sid: unknown = typeof claims === 'string' ? undefined : (claims as { sid?: unknown }).sid;
  if (typeof sub !== 'string' || !isUUID(sub) || !isUUID(sid)) {
    throw unauthorized();
  }

  const active = await pool.query(SESSION_IS_ACTIVE_SQL, [sid, sub]);
  if (active.rows.length === 0) {
    throw unauthorized();
  }
  return sub;
}

async function listTodos(
  ownerId: string,
  parameters: URLSearchParams,
): Promise<{ data: ReturnType<typeof toResponse>[]; nextCursor: string | null }> {
  const known = ['sort', 'order', 'completed', 'limit'];
  for (const name of parameters.keys()) {
    if (!known.includes(name)) {
      throw validationFailed(`The baseline does not support the list parameter ${name}.`);
    }
  }

  const sortParameter = parameters.get('sort') ?? 'createdAt';
  if (!(sortParameter in LIST_SORT_COLUMNS)) {
    throw validationFailed('sort must be createdAt, updatedAt, priority or dueAt.');
  }
  const sort = sortParameter as ListSort;
  const order = parameters.get('order') ?? DEFAULT_ORDER[sort];
  if (order !== 'asc' && order !== 'desc') {
    throw validationFailed('order must be asc or desc.');
  }
  const completed = booleanParameter(parameters.get('completed'));
  const limit = limitParameter(parameters.get('limit'));
  const direction = order === 'asc' ? 'ASC' : 'DESC';

  const result = await pool.query<Record<string, unknown>>(
    listTodosSql(sort, direction, completed, limit),
    [ownerId],
  );
  const rows = result.rows.map(fromAliasedRow);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const fingerprint = listFingerprint({
    list: 'todos',
    sort,
    order,
    completed,
    dueFrom: undefined,
    dueTo: undefined,
    q: undefined,
    visibility: undefined,
  });

  return {
    data: page.map(toResponse),
    nextCursor:
      rows.length > limit && last !== undefined
        ? encodeCursor(keysetValue(last, sort), last.id, fingerprint)
        : null,
  };
}

async function getTodo(ownerId: string, id: string): Promise<TodoRow> {
  const result = await pool.query<Record<string, unknown>>(FIND_TODO_SQL, [ownerId, id]);
  const row = result.rows[0];
  if (row === undefined) {
    throw todoNotFound();
  }
  return fromAliasedRow(row);
}

async function createTodo(ownerId: string, body: Record<string, unknown>): Promise<TodoRow> {
  const input = readTodoInput(body, { titleRequired: true });
  assertDueIsExclusive(input.dueAt ?? null, input.dueDate ?? null);

  return inTransaction(async (client) => {
    const stamp = await tick(client, ownerId);
    const statement = insertTodoStatement({
      stamp,
      ownerId,
      title: input.title as string,
      notes: input.notes ?? null,
      completedAt: input.completed === true ? stamp : null,
      dueAt: toInstant(input.dueAt),
      dueDate: input.dueDate ?? null,
      priority: input.priority,
      visibility: input.visibility,
    });
    const result = await client.query<TodoRow>(statement.sql, statement.parameters);
    return result.rows[0] as TodoRow;
  });
}

async function updateTodo(
  ownerId: string,
  id: string,
  body: Record<string, unknown>,
): Promise<TodoRow> {
  const input = readTodoInput(body, { titleRequired: false });

  return inTransaction(async (client) => {
    const stamp = await tick(client, ownerId);
    const found = await client.query<Record<string, unknown>>(FIND_TODO_SQL, [ownerId, id]);
    if (found.rows[0] === undefined) {
      throw todoNotFound();
    }
    const current = fromAliasedRow(found.rows[0]);

    const changes = changesOf(current, input, stamp);
    if (changes === undefined) {
      return current;
    }
    const statement = updateTodoStatement(changes, ownerId, id, current.version);
    const updated = await client.query<TodoRow>(statement.sql, statement.parameters);
    if (updated.rows[0] === undefined) {
      throw new HttpError(409, 'conflict', 'The todo changed during the request; retry it.');
    }
    return updated.rows[0];
  });
}

/** Returns the assignments that TodoService's changesOf makes, in its order, or undefined when no field is present. */
function changesOf(current: TodoRow, input: TodoInput, stamp: Date): ColumnChange[] | undefined {
  if (!Object.values(input).some((value) => value !== undefined)) {
    return undefined;
  }
  const dueAt = input.dueAt === undefined ? current.due_at : toInstant(input.dueAt);
  const dueDate = input.dueDate === undefined ? current.due_date : input.dueDate;
  assertDueIsExclusive(dueAt, dueDate);

  const changes: ColumnChange[] = [
    { column: 'updated_at', value: stamp },
    { column: 'due_at', value: dueAt },
    { column: 'due_date', value: dueDate },
  ];
  if (input.title !== undefined) {
    changes.push({ column: 'title', value: input.title });
  }
  if (input.notes !== undefined) {
    changes.push({ column: 'notes', value: input.notes });
  }
  if (input.priority !== undefined) {
    changes.push({ column: 'priority', value: input.priority });
  }
  if (input.visibility !== undefined) {
    changes.push({ column: 'visibility', value: input.visibility });
  }
  if (input.completed !== undefined) {
    changes.push({
      column: 'completed_at',
      value: input.completed ? (current.completed_at ?? stamp) : null,
    });
  }
  return changes;
}

/** TransactionRunner.run without its retry: the probe before COMMIT and a ROLLBACK on any error. */
async function inTransaction<R>(work: (client: PoolClient) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query(START_TRANSACTION_SQL);
    const result = await work(client);
    await client.query(COMMIT_PROBE_SQL);
    await client.query(COMMIT_SQL);
    return result;
  } catch (error) {
    await client.query(ROLLBACK_SQL).catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function tick(client: PoolClient, ownerId: string): Promise<Date> {
  const result = await client.query<{ changed_at: Date }>(TICK_SQL, [ownerId, TODO_COLLECTION]);
  const stamp = result.rows[0]?.changed_at;
  if (stamp === undefined) {
    throw new Error('The sync clock upsert returned no row.');
  }
  return stamp;
}

/** Checks a create or patch body against the rules of CreateTodoDto and UpdateTodoDto. */
function readTodoInput(
  body: Record<string, unknown>,
  options: { titleRequired: boolean },
): TodoInput {
  for (const name of Object.keys(body)) {
    if (!CREATE_FIELDS.includes(name)) {
      throw validationFailed(`property ${name} should not exist`);
    }
  }
  const input: TodoInput = {};

  const title = typeof body.title === 'string' ? body.title.trim() : body.title;
  if (title !== undefined || options.titleRequired) {
    if (typeof title !== 'string' || title.length < 1 || title.length > MAX_TITLE_LENGTH) {
      throw validationFailed(`title must be a string of 1 to ${MAX_TITLE_LENGTH} characters.`);
    }
    input.title = title;
  }
  if (body.notes !== undefined) {
    if (
      body.notes !== null &&
      (typeof body.notes !== 'string' || body.notes.length > MAX_NOTES_LENGTH)
    ) {
      throw validationFailed(
        `notes must be null or a string of up to ${MAX_NOTES_LENGTH} characters.`,
      );
    }
    input.notes = body.notes;
  }
  if (body.completed !== undefined) {
    if (typeof body.completed !== 'boolean') {
      throw validationFailed('completed must be a boolean.');
    }
    input.completed = body.completed;
  }
  if (body.dueAt !== undefined) {
    if (body.dueAt !== null && !isRfc3339Instant(body.dueAt)) {
      throw validationFailed('dueAt must be null or an RFC 3339 instant with an offset.');
    }
    input.dueAt = body.dueAt;
  }
  if (body.dueDate !== undefined) {
    if (body.dueDate !== null && !isCalendarDate(body.dueDate)) {
      throw validationFailed('dueDate must be null or a date such as 2026-03-01.');
    }
    input.dueDate = body.dueDate;
  }
  if (body.priority !== undefined) {
    const priority = body.priority;
    if (
      typeof priority !== 'number' ||
      !Number.isInteger(priority) ||
      priority < 0 ||
      priority > 3
    ) {
      throw validationFailed('priority must be an integer from 0 to 3.');
    }
    input.priority = priority;
  }
  if (body.visibility !== undefined) {
    if (typeof body.visibility !== 'string' || !VISIBILITIES.includes(body.visibility)) {
      throw validationFailed('visibility must be private or friends.');
    }
    input.visibility = body.visibility;
  }
  return input;
}

function assertDueIsExclusive(dueAt: Date | string | null, dueDate: string | null): void {
  if (dueAt !== null && dueDate !== null) {
    throw new HttpError(400, 'validation_failed', 'A todo cannot have both dueAt and dueDate.');
  }
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > BODY_LIMIT_BYTES) {
      throw new HttpError(413, 'payload_too_large', 'The body is too large.');
    }
    chunks.push(buffer);
  }

  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationFailed('The body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** Maps a row of the aliased select list ("row_title" and so on) to column names. */
function fromAliasedRow(row: Record<string, unknown>): TodoRow {
  return {
    id: row.row_id as string,
    title: row.row_title as string,
    notes: row.row_notes as string | null,
    completed_at: row.row_completed_at as Date | null,
    due_at: row.row_due_at as Date | null,
    due_date: row.row_due_date as string | null,
    priority: row.row_priority as number,
    visibility: row.row_visibility as string,
    version: row.row_version as number,
    created_at: row.row_created_at as Date,
    updated_at: row.row_updated_at as Date,
  };
}

/** Builds the body of TodoResponseDto. */
function toResponse(row: TodoRow): Record<string, unknown> & { id: string; version: number } {
  return {
    id: row.id,
    title: row.title,
    notes: row.notes,
    completed: row.completed_at !== null,
    completedAt: row.completed_at?.toISOString() ?? null,
    dueAt: row.due_at?.toISOString() ?? null,
    dueDate: row.due_date,
    priority: row.priority,
    visibility: row.visibility,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function sendTodo(response: ServerResponse, row: TodoRow): void {
  response.setHeader('ETag', `"${row.version}"`);
  sendJson(response, 200, toResponse(row));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function sendError(response: ServerResponse, error: unknown): void {
  const known = error instanceof HttpError;
  if (!known) {
    // Only a failure of the baseline itself gets here, so it goes to stderr for the bench log.
    console.error(error);
  }
  const status = known ? error.status : 500;
  const text = JSON.stringify({
    type: 'about:blank',
    status,
    code: known ? error.code : 'internal_error',
    detail: known ? error.message : 'The baseline server failed.',
  });
  response.writeHead(status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function keysetValue(row: TodoRow, sort: ListSort): string | number | null {
  switch (sort) {
    case 'createdAt':
      return row.created_at.toISOString();
    case 'updatedAt':
      return row.updated_at.toISOString();
    case 'priority':
      return row.priority;
    case 'dueAt':
      return row.due_at?.toISOString() ?? null;
  }
}

function booleanParameter(value: string | null): boolean | undefined {
  if (value === null) {
    return undefined;
  }
  if (value === 'true' || value === 'false') {
    return value === 'true';
  }
  throw validationFailed('completed must be true or false.');
}

function toInstant(value: string | null | undefined): Date | null {
  return value === undefined || value === null ? null : new Date(value);
}

function unauthorized(): HttpError {
  return new HttpError(401, 'unauthorized', 'A valid access token is required.');
}

function todoNotFound(): HttpError {
  return new HttpError(404, 'todo_not_found', 'No todo with this id.');
}

function requireVariable(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`${name} is required: the bench runner sets it when it starts the baseline.`);
    process.exit(1);
  }
  return value;
}

function integerVariable(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got '${raw}'.`);
    process.exit(1);
  }
  return value;
}

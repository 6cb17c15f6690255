import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { KeysetSort } from '../src/database/base.repository';
import { ListTodosQueryDto, SortOrder, TodoSort } from '../src/todo/dto/list-todos.dto';
import { resolveListRequest } from '../src/todo/todo-list-request';
import { Todo } from '../src/todo/todo.entity';
import { TodoRepository } from '../src/todo/todo.repository';
import { createTestDatabase, TestDatabase } from './support/test-database';

const OWNERS = 200;
const TODOS_PER_OWNER = 200;

interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

/** Keeps the last SELECT on todos that TypeORM sent, so the spec explains the real SQL. */
class QueryCapture implements TypeOrmLogger {
  last: CapturedQuery | undefined;

  logQuery(query: string, parameters?: unknown[]): void {
    if (query.startsWith('SELECT') && query.includes('FROM "todos"')) {
      this.last = { sql: query, parameters: parameters ?? [] };
    }
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

describe('todos query plans', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const capture = new QueryCapture();
  const repository = new TodoRepository();
  let ownerId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({
      ...buildDataSourceOptions(database.url),
      logging: ['query'],
      logger: capture,
    }).initialize();

    await dataSource.query(
      `INSERT INTO users (email, password_hash)
       SELECT 'owner' || n || '@example.com', 'not-a-hash' FROM generate_series(1, $1) AS n`,
      [OWNERS],
    );
    await dataSource.query(
      `INSERT INTO profiles (id, username, display_name)
       SELECT id, 'owner_' || replace(left(id::text, 13), '-', ''), 'Owner' FROM users`,
    );
    // Every third todo is undated and every tenth is deleted, so plans meet NULLs and tombstones.
    await dataSource.query(
      `INSERT INTO todos (owner_id, title, priority, due_at, deleted_at, created_at, updated_at)
       SELECT profiles.id, 'todo ' || n, n % 4,
              CASE WHEN n % 3 = 0 THEN NULL ELSE now() + n * interval '1 hour' END,
              CASE WHEN n % 10 = 0 THEN now() END,
              now() - n * interval '1 minute', now() - n * interval '1 minute'
       FROM profiles CROSS JOIN generate_series(1, $1) AS n`,
      [TODOS_PER_OWNER],
    );
    await dataSource.query('ANALYZE');

    const rows: { id: string }[] = await dataSource.query('SELECT id FROM profiles LIMIT 1');
    ownerId = rows[0]?.id as string;
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const explain = async (): Promise<PlanNode[]> => {
    const query = capture.last;
    if (query === undefined) {
      throw new Error('No SELECT on todos was captured.');
    }
    const rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[] = await dataSource.query(
      `EXPLAIN (FORMAT JSON) ${query.sql}`,
      query.parameters,
    );
    return flatten((rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan);
  };

  /** Resolves the keyset sort the API uses for a sort and order, NULL placement included. */
  const sortFor = (sort: TodoSort | undefined, order: SortOrder | undefined): KeysetSort<Todo> => {
    const request = resolveListRequest(Object.assign(new ListTodosQueryDto(), { sort, order }));
    if (request.mode !== 'list') {
      throw new Error('Expected an ordinary list request.');
    }
    return request.sort;
  };

  const indexScanOf = (nodes: PlanNode[], indexName: string) =>
    nodes.find((node) => node['Index Name'] === indexName)?.['Node Type'];

  const listCases: [string, TodoSort | undefined, SortOrder | undefined, string][] = [
    ['default', undefined, undefined, 'ix_todos_owner_id_created_at_id'],
    ['createdAt asc', 'createdAt', 'asc', 'ix_todos_owner_id_created_at_id'],
    ['dueAt asc', 'dueAt', 'asc', 'ix_todos_owner_id_due_at_id'],
    ['dueAt desc', 'dueAt', 'desc', 'ix_todos_owner_id_due_at_id'],
    ['priority desc', 'priority', 'desc', 'ix_todos_owner_id_priority_id'],
    ['priority asc', 'priority', 'asc', 'ix_todos_owner_id_priority_id'],
    ['updatedAt desc', 'updatedAt', 'desc', 'ix_todos_owner_id_updated_at_id'],
    ['updatedAt asc', 'updatedAt', 'asc', 'ix_todos_owner_id_updated_at_id'],
  ];

  describe.each(listCases)('list %s', (_name, sortKey, order, indexName) => {
    const sort = sortFor(sortKey, order);
    const filters = { dueDateTimeZone: 'UTC' };

    it('first page is an owner index scan', async () => {
      await repository.listLive(dataSource.manager, { ownerId }, sort, filters, { limit: 50 });

      const nodes = await explain();

      expect(indexScanOf(nodes, indexName)).toBe('Index Scan');
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Sort');
    });

    it('next page is an owner index scan', async () => {
      const first = await repository.listLive(dataSource.manager, { ownerId }, sort, filters, {
        limit: 50,
      });
      await repository.listLive(dataSource.manager, { ownerId }, sort, filters, {
        limit: 50,
        after: first.next ?? undefined,
      });

      const nodes = await explain();

      expect(first.next).not.toBeNull();
      expect(indexScanOf(nodes, indexName)).toBe('Index Scan');
      expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    });
  });

  it('sync feed scans the updatedAt index', async () => {
    await repository.listChanges(
      dataSource.manager,
      { ownerId },
      { since: new Date(Date.now() - 60 * 60 * 1000), includeDeleted: true },
      { limit: 50 },
    );

    const nodes = await explain();

    expect(nodes.some((node) => node['Index Name'] === 'ix_todos_owner_id_updated_at_id')).toBe(
      true,
    );
    expect(nodes.map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });
});

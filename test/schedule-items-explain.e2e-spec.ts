import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { MAX_INSTANT_SPAN_MS } from '../src/schedule-items/schedule-item.entity';
import { ScheduleItemRepository } from '../src/schedule-items/schedule-item.repository';
import { createTestDatabase, TestDatabase } from './support/test-database';

const OWNERS = 200;
const ITEMS_PER_OWNER = 300;
const OWNER_INDEX = 'ix_schedule_items_owner_id_starts_at_id_ends_at';
const MOVES_INDEX = 'ix_schedule_item_moves_owner_id_moved_at_starts_at_ends_at';

/**
 * Either scan reads only the index range of the condition. PostgreSQL picks
 * a bitmap scan and sorts the few rows left when it expects the filter on
 * ends_at to remove most of the range, and reads the index in order otherwise.
 */
const INDEX_SCANS = ['Index Scan', 'Bitmap Index Scan'];

/** One week in the middle of the three years that each owner's items cover. */
const WINDOW = { from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-06-08T00:00:00Z') };

interface CapturedQuery {
  sql: string;
  parameters: unknown[];
}

/** Keeps the last SELECT on schedule_items that was sent, so the spec explains the real SQL. */
class QueryCapture implements TypeOrmLogger {
  last: CapturedQuery | undefined;

  logQuery(query: string, parameters?: unknown[]): void {
    if (/^\s*(SELECT|WITH)/.test(query) && /FROM "?schedule_items"?/.test(query)) {
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
  'Index Cond'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

describe('schedule items query plans', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const capture = new QueryCapture();
  const repository = new ScheduleItemRepository();
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
    // An item every 3.65 days from 2025 to 2027, one to three hours long. Every
    // seventh lasts two days and every tenth is deleted, so plans meet both.
    await dataSource.query(
      `INSERT INTO schedule_items (owner_id, title, starts_at, ends_at, time_zone, deleted_at)
       SELECT profiles.id, 'item ' || n, start, start + CASE WHEN n % 7 = 0
                THEN interval '2 days' ELSE (1 + n % 3) * interval '1 hour' END,
              'UTC', CASE WHEN n % 10 = 0 THEN now() END
       FROM profiles CROSS JOIN generate_series(1, $1) AS n
       CROSS JOIN LATERAL (SELECT timestamptz '2025-01-01T00:00:00Z'
                                  + n * interval '3 days 15 hours 36 minutes' AS start) AS s`,
      [ITEMS_PER_OWNER],
    );
    // Every fifth item has one move from a range a week earlier, so the sync
    // feed's read of moves finds rows of every owner.
    await dataSource.query(
      `INSERT INTO schedule_item_moves (schedule_item_id, moved_at, owner_id, starts_at, ends_at)
       SELECT id, updated_at, owner_id, starts_at - interval '7 days', ends_at - interval '7 days'
       FROM schedule_items WHERE right(title, 1) IN ('0', '5')`,
    );
    await dataSource.query('ANALYZE');

    const rows: { id: string }[] = await dataSource.query('SELECT id FROM profiles LIMIT 1');
    ownerId = rows[0]?.id as string;
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Runs EXPLAIN ANALYZE on the last captured query and returns every plan node. */
  const explain = async (): Promise<PlanNode[]> => {
    const query = capture.last;
    if (query === undefined) {
      throw new Error('No SELECT on schedule_items was captured.');
    }
    const rows: { 'QUERY PLAN': [{ Plan: PlanNode }] }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
      query.parameters,
    );
    return flatten((rows[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan);
  };

  const ownerIndexScan = (nodes: PlanNode[]) =>
    nodes.find((node) => node['Index Name'] === OWNER_INDEX);

  const nodeTypes = (nodes: PlanNode[]) => nodes.map((node) => node['Node Type']);

  /** Counts the owner's live items that start in the range the scan bound admits. */
  const countInScanRange = async (): Promise<number> => {
    const rows: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM schedule_items
       WHERE owner_id = $1 AND deleted_at IS NULL AND starts_at > $2 AND starts_at < $3`,
      [ownerId, new Date(WINDOW.from.getTime() - MAX_INSTANT_SPAN_MS), WINDOW.to],
    );
    return rows[0]?.count ?? 0;
  };

  it('window list scans the owner index', async () => {
    await repository.listByDateRange(dataSource.manager, { ownerId }, WINDOW.from, WINDOW.to, {
      limit: 50,
    });

    const nodes = await explain();

    expect(INDEX_SCANS).toContain(ownerIndexScan(nodes)?.['Node Type']);
    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('index condition bounds starts_at both ways', async () => {
    await repository.listByDateRange(dataSource.manager, { ownerId }, WINDOW.from, WINDOW.to, {
      limit: 50,
    });

    const condition = ownerIndexScan(await explain())?.['Index Cond'] ?? '';

    expect(condition).toContain('owner_id = ');
    expect(condition).toMatch(/starts_at > /);
    expect(condition).toMatch(/starts_at < /);
    expect(condition).toMatch(/ends_at > /);
  });

  it('table reads only overlapping rows', async () => {
    const page = await repository.listByDateRange(
      dataSource.manager,
      { ownerId },
      WINDOW.from,
      WINDOW.to,
      { limit: 50 },
    );

    const nodes = await explain();
    const removed = nodes.map((node) => node['Rows Removed by Filter'] ?? 0);

    expect(page.rows.length).toBeGreaterThan(0);
    expect(ownerIndexScan(nodes)?.['Actual Rows']).toBe(page.rows.length);
    expect(removed.every((count) => count === 0)).toBe(true);
  });

  it('scan range holds few of the owner rows', async () => {
    const rows: { count: number }[] = await dataSource.query(
      `SELECT count(*)::int AS count FROM schedule_items WHERE owner_id = $1 AND deleted_at IS NULL`,
      [ownerId],
    );

    const nearWindow = await countInScanRange();

    // Items come every 3.65 days, so about 100 of 270 live ones start in the 374-day range.
    expect(nearWindow).toBeGreaterThan(0);
    expect(nearWindow).toBeLessThan((rows[0]?.count ?? 0) / 2);
  });

  it('next page scans the owner index', async () => {
    const wide = { from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') };
    const first = await repository.listByDateRange(
      dataSource.manager,
      { ownerId },
      wide.from,
      wide.to,
      { limit: 5 },
    );
    await repository.listByDateRange(dataSource.manager, { ownerId }, wide.from, wide.to, {
      limit: 5,
      after: first.next ?? undefined,
    });

    const nodes = await explain();

    expect(first.next).not.toBeNull();
    expect(INDEX_SCANS).toContain(ownerIndexScan(nodes)?.['Node Type']);
    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('conflicts scan the owner index', async () => {
    await repository.listOverlapPairs(dataSource.manager, { ownerId }, WINDOW, 101);

    const nodes = await explain();

    expect(ownerIndexScan(nodes)).toBeDefined();
    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('sync feed avoids a sequential scan', async () => {
    await repository.listChangesInRange(
      dataSource.manager,
      { ownerId },
      WINDOW,
      { since: new Date('2000-01-01T00:00:00Z'), includeDeleted: true },
      { limit: 50 },
    );

    const nodes = await explain();

    expect(nodeTypes(nodes)).not.toContain('Seq Scan');
  });

  it('sync feed reads moves once by index', async () => {
    await repository.listChangesInRange(
      dataSource.manager,
      { ownerId },
      WINDOW,
      { since: new Date('2000-01-01T00:00:00Z'), includeDeleted: true },
      { limit: 50 },
    );

    const movesScan = (await explain()).find((node) => node['Index Name'] === MOVES_INDEX);

    expect(movesScan).toBeDefined();
    expect(movesScan?.['Actual Loops']).toBe(1);
  });
});

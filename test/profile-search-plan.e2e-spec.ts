import { AbstractLogger, DataSource, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { ProfileRepository } from '../src/profile/profile.repository';
import { createTestDatabase, TestDatabase } from './support/test-database';

const PROFILE_COUNT = 20_000;
/** Seeded users who block the viewer, so that search plans include the block check. */
const BLOCKER_COUNT = 500;

interface RecordedQuery {
  sql: string;
  parameters: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** A TypeORM logger that keeps the SQL and parameters of every query instead of printing them. */
class QueryRecorder extends AbstractLogger {
  readonly queries: RecordedQuery[] = [];

  override logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.queries.push({ sql: query, parameters: parameters ?? [] });
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {
    // Only queries are of interest, and logQuery records them.
  }
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

function describeNode(node: PlanNode): string {
  return [node['Node Type'], node['Index Name'] ?? node['Relation Name']]
    .filter((part) => part !== undefined)
    .join(' on ');
}

describe('profile search plan', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let recorder: QueryRecorder;
  let viewerId: string;

  const profiles = new ProfileRepository();

  beforeAll(async () => {
    database = await createTestDatabase();
    recorder = new QueryRecorder();
    dataSource = await new DataSource({
      ...buildDataSourceOptions(database.url, {
        poolSize: 2,
        connectionTimeoutMs: 5_000,
        statementTimeoutMs: 60_000,
      }),
      logging: ['query'],
      logger: recorder,
    }).initialize();

    // Hex usernames and display names spread prefixes evenly, so a
    // two-character prefix matches about 1 row in 256 on each column.
    await dataSource.query(
      `WITH new_users AS (
         INSERT INTO "users" ("email", "password_hash")
         SELECT 'bulk_' || n || '@example.com', 'not-a-real-hash'
         FROM generate_series(1, $1::int) AS n
         RETURNING "id", "email"
       )
       INSERT INTO "profiles" ("id", "username", "display_name")
       SELECT "id", substr(md5("email"), 1, 16), upper(substr(md5("email" || ':name'), 1, 20))
       FROM new_users`,
      [PROFILE_COUNT],
    );
    const [viewer] = await dataSource.query<{ id: string }[]>(
      `SELECT "id" FROM "profiles" ORDER BY "username" LIMIT 1`,
    );
    viewerId = viewer?.id ?? '';
    await dataSource.query(
      `INSERT INTO "blocks" ("blocker_id", "blocked_id")
       SELECT "id", $1 FROM "profiles" WHERE "id" <> $1 ORDER BY "username" DESC LIMIT $2`,
      [viewerId, BLOCKER_COUNT],
    );
    await dataSource.query('ANALYZE "users"');
    await dataSource.query('ANALYZE "profiles"');
    await dataSource.query('ANALYZE "blocks"');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** Runs search, then EXPLAIN on the exact SQL and parameters it sent. */
  async function explainSearch(
    page: Parameters<ProfileRepository['search']>[2],
  ): Promise<{ nodes: PlanNode[]; found: number }> {
    recorder.queries.length = 0;
    const result = await profiles.search(dataSource.manager, 'ab', page, viewerId);
    const searchQuery = recorder.queries.find((query) => query.sql.includes('LIKE'));
    if (searchQuery === undefined) {
      throw new Error('search sent no query with LIKE');
    }

    const rows = await dataSource.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(
      `EXPLAIN (FORMAT JSON) ${searchQuery.sql}`,
      searchQuery.parameters,
    );
    const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
    if (plan === undefined) {
      throw new Error('EXPLAIN returned no plan');
    }
    return { nodes: planNodes(plan), found: result.rows.length };
  }

  it('search finds the seeded rows', async () => {
    const { found } = await explainSearch({ limit: 50 });

    // Guards the plan checks against a query that matches nothing.
    expect(found).toBe(50);
  });

  it('search uses the username prefix index', async () => {
    const { nodes } = await explainSearch({ limit: 50 });

    expect(nodes.map(describeNode)).toContain('Bitmap Index Scan on ix_profiles_username_prefix');
  });

  it('search uses the display name index', async () => {
    const { nodes } = await explainSearch({ limit: 50 });

    expect(nodes.map(describeNode)).toContain(
      'Bitmap Index Scan on ix_profiles_display_name_prefix',
    );
  });

  it('search avoids a sequential scan', async () => {
    const { nodes } = await explainSearch({ limit: 50 });

    expect(nodes.map(describeNode)).not.toContain('Seq Scan on profiles');
  });

  it('second page uses both indexes', async () => {
    const first = await profiles.search(dataSource.manager, 'ab', { limit: 50 }, viewerId);
    expect(first.next).not.toBeNull();

    const { nodes } = await explainSearch({ limit: 50, after: first.next ?? undefined });

    expect(nodes.map(describeNode)).toEqual(
      expect.arrayContaining([
        'Bitmap Index Scan on ix_profiles_username_prefix',
        'Bitmap Index Scan on ix_profiles_display_name_prefix',
      ]),
    );
    expect(nodes.map(describeNode)).not.toContain('Seq Scan on profiles');
  });

  it('search leaves out users who blocked the viewer', async () => {
    const blockers = await dataSource.query<{ id: string }[]>(
      `SELECT "blocker_id" AS "id" FROM "blocks" WHERE "blocked_id" = $1`,
      [viewerId],
    );
    const blockerIds = new Set(blockers.map((row) => row.id));
    const seen: string[] = [];
    let after: Parameters<ProfileRepository['search']>[2]['after'];
    do {
      const page = await profiles.search(dataSource.manager, 'f', { limit: 100, after }, viewerId);
      seen.push(...page.rows.map((profile) => profile.id));
      after = page.next ?? undefined;
    } while (after !== undefined);

    // Usernames are hex and the blockers have the highest ones, so prefix f holds many of them.
    const [expected] = await dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS "count" FROM "profiles"
       WHERE ("username" LIKE 'f%' OR lower("display_name") LIKE 'f%')
         AND "id" NOT IN (SELECT "blocker_id" FROM "blocks" WHERE "blocked_id" = $1)`,
      [viewerId],
    );
    expect(seen.filter((id) => blockerIds.has(id))).toEqual([]);
    expect(seen).toHaveLength(expected?.count ?? -1);
  });
});

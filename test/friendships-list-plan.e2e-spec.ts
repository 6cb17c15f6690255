import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { friendshipListSql } from '../src/friendships/friendship-list.statement';
import { createTestDatabase, TestDatabase } from './support/test-database';

const USERS = 2_000;
const FRIENDS = 500;
const PAGE_ROWS = 51;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

describe('friendships list plan', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let userId: string;
  let friendshipScans: PlanNode[];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(buildDataSourceOptions(database.url)).initialize();

    await dataSource.query(
      `INSERT INTO users (email, password_hash)
       SELECT 'user' || n || '@example.com', 'not-a-hash' FROM generate_series(1, $1) AS n`,
      [USERS],
    );
    await dataSource.query(
      `INSERT INTO profiles (id, username, display_name)
       SELECT id, 'user_' || replace(left(id::text, 13), '-', ''), 'User' FROM users`,
    );
    const rows: { id: string }[] = await dataSource.query(
      'SELECT id FROM profiles ORDER BY id LIMIT 1',
    );
    userId = rows[0]?.id as string;

    // The user asked half of the friends, and the other half asked the user.
    // Every other user also has friendships, so the indexes hold other users' rows.
    await dataSource.query(
      `INSERT INTO friendships (requester_id, addressee_id, status, responded_at, created_at, updated_at)
       SELECT CASE WHEN n % 2 = 0 THEN $1 ELSE friend.id END,
              CASE WHEN n % 2 = 0 THEN friend.id ELSE $1 END,
              'accepted', now(), now() - n * interval '1 minute', now() - n * interval '1 minute'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM profiles WHERE id <> $1) AS friend
       WHERE n <= $2`,
      [userId, FRIENDS],
    );
    await dataSource.query(
      `INSERT INTO friendships (requester_id, addressee_id, status, responded_at)
       SELECT requester.id, addressee.id, 'accepted', now()
       FROM profiles requester
       JOIN LATERAL (
         SELECT id FROM profiles WHERE id > requester.id AND id <> $1 ORDER BY id LIMIT 3
       ) addressee ON true
       WHERE requester.id <> $1`,
      [userId],
    );
    await dataSource.query('ANALYZE');

    const plan: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await dataSource.query(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${friendshipListSql(['requester', 'addressee'], false)}`,
      [userId, 'accepted', PAGE_ROWS],
    );
    const root = plan[0]?.['QUERY PLAN'][0]?.Plan as PlanNode;
    friendshipScans = flatten(root).filter((node) => node['Relation Name'] === 'friendships');
  }, 120_000);

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('reads each side through its own index', () => {
    expect(friendshipScans.map((node) => node['Index Name']).sort()).toEqual([
      'ix_friendships_addressee_id_status_created_at_id',
      'ix_friendships_requester_id_status_created_at_id',
    ]);
  });

  it('reads at most one page of friendships per side', () => {
    const rowsRead = friendshipScans.map((node) => node['Actual Rows'] * node['Actual Loops']);

    for (const rows of rowsRead) {
      expect(rows).toBeLessThanOrEqual(PAGE_ROWS);
    }
  });
});

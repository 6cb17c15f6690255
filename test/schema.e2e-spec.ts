import { Column, DataSource, Entity, EntityManager, PrimaryGeneratedColumn } from 'typeorm';
import { buildDataSourceOptions } from '../src/database/data-source';
import { createTestDatabase, openTestDataSource, TestDatabase } from './support/test-database';

/** TypeORM's own bookkeeping table, whose constraint names TypeORM chooses. */
const MIGRATIONS_TABLE = 'migrations';

interface CatalogConstraint {
  name: string;
  type: string;
  table: string;
  columns: string[];
}

interface CatalogIndex {
  name: string;
  table: string;
  unique: boolean;
  primary: boolean;
  partial: boolean;
  /** Key columns in index order, with null for an expression column. */
  columns: (string | null)[];
}

/** A test-only entity with no table and no migration, so the entity list drifts from the schema. */
@Entity({ name: 'drift_probes' })
class DriftProbe {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'label', type: 'varchar', length: 20 })
  label: string;
}

// contype 'n' is a NOT NULL constraint, which PostgreSQL 18 and later list in
// pg_constraint under a generated name; NOT NULL is a column property here.
const CONSTRAINTS_SQL = `
  SELECT c.conname AS name, c.contype AS type, t.relname AS "table",
    ARRAY(
      SELECT a.attname
      FROM unnest(c.conkey) WITH ORDINALITY AS key(attnum, position)
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = key.attnum
      ORDER BY key.position
    )::text[] AS columns
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = 'public' AND t.relname <> $1 AND c.contype <> 'n'
  ORDER BY t.relname, c.conname`;

const INDEXES_SQL = `
  SELECT x.relname AS name, t.relname AS "table", i.indisunique AS "unique",
    i.indisprimary AS "primary", i.indpred IS NOT NULL AS partial,
    ARRAY(
      SELECT a.attname
      FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS key(attnum, position)
      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = key.attnum
      WHERE key.position <= i.indnkeyatts
      ORDER BY key.position
    )::text[] AS columns
  FROM pg_index i
  JOIN pg_class x ON x.oid = i.indexrelid
  JOIN pg_class t ON t.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  WHERE n.nspname = 'public' AND t.relname <> $1
  ORDER BY t.relname, x.relname`;

function readConstraints(manager: EntityManager): Promise<CatalogConstraint[]> {
  return manager.query(CONSTRAINTS_SQL, [MIGRATIONS_TABLE]);
}

function readIndexes(manager: EntityManager): Promise<CatalogIndex[]> {
  return manager.query(INDEXES_SQL, [MIGRATIONS_TABLE]);
}

/** Returns one line per constraint whose name breaks pk_/fk_/uq_/chk_<table>_..., empty when all conform. */
function misnamedConstraints(constraints: CatalogConstraint[]): string[] {
  return constraints.flatMap((constraint) => {
    const { name, table } = constraint;
    let expected: string;
    let matches: boolean;

    switch (constraint.type) {
      case 'p':
        expected = `pk_${table}`;
        matches = name === expected;
        break;
      case 'f':
        expected = `fk_${table}_${constraint.columns.join('_')}`;
        matches = name === expected;
        break;
      case 'u':
        expected = `uq_${table}_<columns>`;
        matches = name.startsWith(`uq_${table}_`);
        break;
      case 'c':
        expected = `chk_${table}_<rule>`;
        matches = name.startsWith(`chk_${table}_`);
        break;
      default:
        expected = 'a primary key, foreign key, unique or check constraint';
        matches = false;
    }
    return matches && /^[a-z0-9_]+$/.test(name)
      ? []
      : [`${table}: constraint ${name} (type ${constraint.type}) should be ${expected}`];
  });
}

/** Returns one line per index whose name breaks pk_/uq_/ix_<table>_..., empty when all conform. */
function misnamedIndexes(indexes: CatalogIndex[]): string[] {
  return indexes.flatMap((index) => {
    const { name, table } = index;
    let expected: string;
    let matches: boolean;

    if (index.primary) {
      expected = `pk_${table}`;
      matches = name === expected;
    } else if (index.unique) {
      expected = `uq_${table}_<columns>`;
      matches = name.startsWith(`uq_${table}_`);
    } else {
      expected = `ix_${table}_<columns>`;
      matches = name.startsWith(`ix_${table}_`);
    }
    return matches && /^[a-z0-9_]+$/.test(name)
      ? []
      : [`${table}: index ${name} should be ${expected}`];
  });
}

/**
 * Returns one line per foreign key whose columns do not lead some index of
 * its table. A partial index does not count, because a lookup by the
 * referencing columns alone (as ON DELETE checks do) cannot use it.
 */
function unindexedForeignKeys(constraints: CatalogConstraint[], indexes: CatalogIndex[]): string[] {
  return constraints
    .filter((constraint) => constraint.type === 'f')
    .filter((foreignKey) => {
      const foreignKeyColumns = [...foreignKey.columns].sort();
      return !indexes.some((index) => {
        if (index.table !== foreignKey.table || index.partial) {
          return false;
        }
        const leading = index.columns.slice(0, foreignKeyColumns.length);
        return (
          leading.every((column) => column !== null) &&
          [...leading].sort().join(',') === foreignKeyColumns.join(',')
        );
      });
    })
    .map(
      (foreignKey) =>
        `${foreignKey.table}: foreign key ${foreignKey.name} on (${foreignKey.columns.join(', ')}) has no index`,
    );
}

/** Runs work in a transaction that always rolls back, for probes that change the schema. */
async function inRolledBackTransaction<R>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<R>,
): Promise<R> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    return await work(queryRunner.manager);
  } finally {
    await queryRunner.rollbackTransaction();
    await queryRunner.release();
  }
}

async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

describe('migrated schema', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openTestDataSource(database);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('catalog lists the migrated tables', async () => {
    const constraints = await readConstraints(dataSource.manager);

    // Guards the checks below against passing on an empty catalog.
    expect(constraints.map((constraint) => constraint.name)).toEqual(
      expect.arrayContaining(['pk_users', 'pk_profiles', 'fk_sessions_user_id']),
    );
  });

  it('constraint names follow the convention', async () => {
    const problems = misnamedConstraints(await readConstraints(dataSource.manager));

    expect(problems).toEqual([]);
  });

  it('index names follow the convention', async () => {
    const problems = misnamedIndexes(await readIndexes(dataSource.manager));

    expect(problems).toEqual([]);
  });

  it('every foreign key is indexed', async () => {
    const problems = unindexedForeignKeys(
      await readConstraints(dataSource.manager),
      await readIndexes(dataSource.manager),
    );

    expect(problems).toEqual([]);
  });

  it('name checks flag hashed names', async () => {
    const problems = await inRolledBackTransaction(dataSource, async (manager) => {
      await manager.query(`CREATE INDEX "IDX_0123456789abcdef" ON "sessions" ("revoked_at")`);
      await manager.query(`CREATE UNIQUE INDEX "ix_sessions_version" ON "sessions" ("version")`);
      await manager.query(
        `ALTER TABLE "sessions" ADD CONSTRAINT "CHK_0123456789abcdef" CHECK ("version" > 0)`,
      );
      return [
        ...misnamedConstraints(await readConstraints(manager)),
        ...misnamedIndexes(await readIndexes(manager)),
      ];
    });

    expect(problems).toEqual([
      'sessions: constraint CHK_0123456789abcdef (type c) should be chk_sessions_<rule>',
      'sessions: index IDX_0123456789abcdef should be ix_sessions_<columns>',
      'sessions: index ix_sessions_version should be uq_sessions_<columns>',
    ]);
  });

  it('index check flags an unindexed foreign key', async () => {
    const problems = await inRolledBackTransaction(dataSource, async (manager) => {
      await manager.query(`DROP INDEX "ix_sessions_user_id"`);
      return unindexedForeignKeys(await readConstraints(manager), await readIndexes(manager));
    });

    expect(problems).toEqual([
      'sessions: foreign key fk_sessions_user_id on (user_id) has no index',
    ]);
  });

  it('entities match the migrated schema', async () => {
    const pending = await pendingSchemaChanges(dataSource);

    expect({ pendingSchemaChanges: pending }).toEqual({ pendingSchemaChanges: [] });
  });

  it('drift check flags an extra entity', async () => {
    const options = buildDataSourceOptions(database.url, {
      poolSize: 1,
      connectionTimeoutMs: 5_000,
      statementTimeoutMs: 30_000,
    });
    const drifted = await new DataSource({
      ...options,
      entities: [...((options.entities ?? []) as string[]), DriftProbe],
    }).initialize();

    try {
      const pending = await pendingSchemaChanges(drifted);

      expect(pending).toHaveLength(1);
      expect(pending[0]).toContain('CREATE TABLE "drift_probes"');
      expect(pending[0]).toContain('CONSTRAINT "pk_drift_probes" PRIMARY KEY ("id")');
    } finally {
      await drifted.destroy();
    }
  });
});

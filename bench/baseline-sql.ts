/**
 * The SQL that the API sends for the benchmarked routes, copied from the
 * statements TypeORM 0.3.27 emits for them with query logging on. The
 * baseline server sends the same statements, so the benchmark ratio measures
 * the framework and not a different amount of database work.
 */

/** BearerTokenGuard's session check, taken from SessionRepository.isActive itself. */
export { SESSION_IS_ACTIVE_SQL } from '../src/auth/session.repository';

/** TypeORM's select list of an entity: each column as "alias"."column" AS "alias_column", in entity order. */
function selectList(alias: string, columns: readonly string[]): string {
  return columns.map((column) => `"${alias}"."${column}" AS "${alias}_${column}"`).join(', ');
}

/** The columns of SoftDeletableEntity, which TypeORM lists before an entity's own. */
const SOFT_DELETABLE_COLUMNS = ['created_at', 'updated_at', 'version', 'deleted_at'];

/** The select list of a Todo entity, in TypeORM's order and aliases. */
const TODO_SELECT_LIST = [
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
  'id',
  'owner_id',
  'title',
  'notes',
  'completed_at',
  'due_at',
  'due_date',
  'priority',
  'visibility',
]
  .map((column) => `"row"."${column}" AS "row_${column}"`)
  .join(', ');

/** BaseRepository.findById on todos: the owner scope, live rows only, then the id. */
export const FIND_TODO_SQL = `SELECT ${TODO_SELECT_LIST} FROM "todos" "row" WHERE "row"."owner_id" = $1 AND "row"."deleted_at" IS NULL AND "row"."id" = $2`;

/** The list sorts the baseline serves, as column and NULLS clause of ORDER BY. */
export const LIST_SORT_COLUMNS = {
  createdAt: { column: 'created_at', nulls: false },
  updatedAt: { column: 'updated_at', nulls: false },
  priority: { column: 'priority', nulls: false },
  dueAt: { column: 'due_at', nulls: true },
} as const;

export type ListSort = keyof typeof LIST_SORT_COLUMNS;

/**
 * TodoRepository.listLive without cursor, due window, text or visibility
 * filter. It reads one row more than the page, so that row shows whether a
 * next page exists.
 */
export function listTodosSql(
  sort: ListSort,
  direction: 'ASC' | 'DESC',
  completed: boolean | undefined,
  limit: number,
): string {
  const { column, nulls } = LIST_SORT_COLUMNS[sort];
  const completedCondition =
    completed === undefined
      ? ''
      : completed
        ? ' AND "row"."completed_at" IS NOT NULL'
        : ' AND "row"."completed_at" IS NULL';
  // An ascending b-tree index yields NULLS LAST, and read backwards NULLS FIRST.
  let nullsClause = '';
  if (nulls) {
    nullsClause = direction === 'ASC' ? ' NULLS LAST' : ' NULLS FIRST';
  }

  return (
    `SELECT ${TODO_SELECT_LIST} FROM "todos" "row" WHERE "row"."owner_id" = $1 AND "row"."deleted_at" IS NULL` +
    completedCondition +
    ` ORDER BY "row"."${column}" ${direction}${nullsClause}, "row"."id" ${direction} LIMIT ${limit + 1}`
  );
}

/** SyncClockRepository.tick: advances and locks the owner's clock row until the transaction ends. */
export const TICK_SQL = `INSERT INTO sync_clocks AS clock (owner_id, collection, changed_at)
         VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (owner_id, collection) DO UPDATE SET
           changed_at = GREATEST(clock_timestamp(), clock.changed_at + interval '1 millisecond'),
           updated_at = now()
         RETURNING changed_at`;

/** The statements TypeORM's QueryRunner and TransactionRunner wrap around the work of a write. */
export const START_TRANSACTION_SQL = 'START TRANSACTION';
/** TransactionRunner's probe before COMMIT, which fails when an earlier statement failed. */
export const COMMIT_PROBE_SQL = 'SELECT 1';
export const COMMIT_SQL = 'COMMIT';
export const ROLLBACK_SQL = 'ROLLBACK';

export interface InsertTodoValues {
  stamp: Date;
  ownerId: string;
  title: string;
  notes: string | null;
  completedAt: Date | null;
  dueAt: Date | null;
  dueDate: string | null;
  /** Undefined leaves the column DEFAULT, as TypeORM does for an undefined property. */
  priority: number | undefined;
  visibility: string | undefined;
}

/** BaseRepository.insert on todos: TypeORM writes DEFAULT for every undefined column. */
export function insertTodoStatement(values: InsertTodoValues): {
  sql: string;
  parameters: unknown[];
} {
  const parameters: unknown[] = [
    values.stamp,
    values.stamp,
    values.ownerId,
    values.title,
    values.notes,
    values.completedAt,
    values.dueAt,
    values.dueDate,
  ];
  const placeholder = (value: unknown): string => {
    if (value === undefined) {
      return 'DEFAULT';
    }
    parameters.push(value);
    return `$${parameters.length}`;
  };
  const priority = placeholder(values.priority);
  const visibility = placeholder(values.visibility);

  const sql =
    'INSERT INTO "todos"("created_at", "updated_at", "version", "deleted_at", "id", "owner_id", "title", "notes", ' +
    '"completed_at", "due_at", "due_date", "priority", "visibility") ' +
    `VALUES ($1, $2, 1, DEFAULT, DEFAULT, $3, $4, $5, $6, $7, $8, ${priority}, ${visibility}) RETURNING *`;
  return { sql, parameters };
}

/** One assignment of an UPDATE, in the order TodoService's changesOf builds them. */
export interface ColumnChange {
  column: string;
  value: unknown;
}

/**
 * BaseRepository.updateById on todos with an expected version: TypeORM adds
 * the version bump of the @VersionColumn after the given assignments.
 */
export function updateTodoStatement(
  changes: ColumnChange[],
  ownerId: string,
  id: string,
  expectedVersion: number,
): { sql: string; parameters: unknown[] } {
  const parameters = changes.map((change) => change.value);
  const assignments = changes.map((change, index) => `"${change.column}" = $${index + 1}`);
  const next = parameters.length;
  parameters.push(ownerId, id, expectedVersion);

  const sql =
    `UPDATE "todos" SET ${assignments.join(', ')}, "version" = "version" + 1 ` +
    `WHERE ("owner_id" = $${next + 1} AND "id" = $${next + 2}) AND "deleted_at" IS NULL AND "version" = $${next + 3} RETURNING *`;
  return { sql, parameters };
}

/** The select list of a ScheduleItem entity. */
const SCHEDULE_ITEM_SELECT_LIST = selectList('row', [
  ...SOFT_DELETABLE_COLUMNS,
  'id',
  'owner_id',
  'title',
  'notes',
  'location',
  'starts_at',
  'ends_at',
  'all_day',
  'start_date',
  'end_date',
  'time_zone',
  'visibility',
]);

/**
 * ScheduleItemRepository.listByDateRange without cursor or visibility filter:
 * $1 the owner, $2 the scan start (from minus 367 days), $3 to and $4 from.
 * It reads one row more than the page.
 */
export function listScheduleItemsSql(limit: number): string {
  return (
    `SELECT ${SCHEDULE_ITEM_SELECT_LIST} FROM "schedule_items" "row" WHERE "row"."owner_id" = $1 AND "row"."deleted_at" IS NULL ` +
    `AND "row"."starts_at" > $2 AND "row"."starts_at" < $3 AND "row"."ends_at" > $4 ` +
    `ORDER BY "row"."starts_at" ASC, "row"."id" ASC LIMIT ${limit + 1}`
  );
}

/** RelationshipRepository's statement: $1 the viewer, $2 the distinct requested ids. */
export { RELATIONSHIPS_SQL } from '../src/friendships/relationship.repository';

import { Logger } from '@nestjs/common';
import {
  EntityManager,
  EntityMetadata,
  EntityTarget,
  FindOptionsWhere,
  ObjectLiteral,
  SelectQueryBuilder,
} from 'typeorm';
import { JoinAttribute } from 'typeorm/query-builder/JoinAttribute';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { EntityHydrator } from './entity-hydrator';
import { isRetryableTransactionError, SqlState, sqlStateOf } from './postgres-errors';
import { runStatement } from './run-statement';

/** A scope that narrows nothing, for tables that are not owned by a user. */
export type Unscoped = Record<never, never>;
export const UNSCOPED: Unscoped = {};

export type SortDirection = 'ASC' | 'DESC';

/** The placement of rows with a NULL sort key in the output, whatever the direction. */
export type NullsPlacement = 'FIRST' | 'LAST';

/**
 * A keyset value: the sort key of the last row a page returned, and its id as
 * tie-breaker. The value is null only for a sort that declares nulls.
 */
export interface KeysetPosition {
  value: string | number | null;
  id: string;
}

export interface KeysetSort<T extends ObjectLiteral> {
  property: keyof T & string;
  direction: SortDirection;
  /**
   * Required when the sort column is nullable, and must match the index that
   * serves the sort: an ascending b-tree index yields ASC NULLS LAST, and
   * read backwards DESC NULLS FIRST.
   */
  nulls?: NullsPlacement;
}

export interface KeysetQuery<T extends ObjectLiteral> {
  sort: KeysetSort<T>;
  limit: number;
  after?: KeysetPosition;
  where?: FindOptionsWhere<T>;
  /** Adds conditions an object filter cannot express; column references use the given alias. */
  filter?: (query: SelectQueryBuilder<T>, alias: string) => void;
}

export interface KeysetPage<T> {
  rows: T[];
  /** Position after the last row, or null when no row follows. */
  next: KeysetPosition | null;
}

export interface VersionCondition {
  /** When set, the write applies only if the row still has this version. */
  expectedVersion?: number;
}

const ALIAS = 'row';

/** The prefix TypeORM gives the result columns of the entity selected as ALIAS. */
const SELECTED_PREFIX = `${ALIAS}_`;

/**
 * Data access shared by every domain repository. Each method takes the
 * caller's EntityManager, so it runs inside the service's transaction, and
 * only flushes: committing is the service's job.
 *
 * Reads and writes see live rows only (deleted_at IS NULL) when the entity
 * has a deletedAt column. Deleted rows are reachable only through methods
 * named IncludingDeleted.
 *
 * Scope is the set of columns every call must match, such as { ownerId }.
 * It is a required argument so that no call site can forget it.
 */
export abstract class BaseRepository<
  T extends ObjectLiteral & { id: string },
  Scope extends object = Unscoped,
> {
  protected readonly logger = new Logger(this.constructor.name);

  /** SELECT statements by id, built once per shape: live or not, and the scope's keys. */
  private readonly findByIdStatements = new Map<string, string>();

  protected constructor(protected readonly entity: EntityTarget<T>) {}

  findById(manager: EntityManager, scope: Scope, id: string): Promise<T | null> {
    return this.run('findById', () => this.selectById(manager, scope, id, { live: true }));
  }

  findByIdIncludingDeleted(manager: EntityManager, scope: Scope, id: string): Promise<T | null> {
    return this.run('findByIdIncludingDeleted', () =>
      this.selectById(manager, scope, id, { live: false }),
    );
  }

  findOne(manager: EntityManager, scope: Scope, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.run('findOne', () =>
      andWhereObject(this.select(manager, scope, { live: true }), where).getOne(),
    );
  }

  count(manager: EntityManager, scope: Scope, where: FindOptionsWhere<T> = {}): Promise<number> {
    return this.run('count', () =>
      andWhereObject(this.select(manager, scope, { live: true }), where).getCount(),
    );
  }

  exists(manager: EntityManager, scope: Scope, where: FindOptionsWhere<T> = {}): Promise<boolean> {
    return this.run('exists', () =>
      andWhereObject(this.select(manager, scope, { live: true }), where).getExists(),
    );
  }

  /** Lists live rows in keyset order: sort key, then id, both in the same direction. */
  list(manager: EntityManager, scope: Scope, query: KeysetQuery<T>): Promise<KeysetPage<T>> {
    return this.run('list', () =>
      this.keysetPage(manager, this.select(manager, scope, { live: true }), query),
    );
  }

  /** Lists rows in keyset order, deleted ones included, for sync feeds that return tombstones. */
  listIncludingDeleted(
    manager: EntityManager,
    scope: Scope,
    query: KeysetQuery<T>,
  ): Promise<KeysetPage<T>> {
    return this.run('listIncludingDeleted', () =>
      this.keysetPage(manager, this.select(manager, scope, { live: false }), query),
    );
  }

  async insert(manager: EntityManager, values: QueryDeepPartialEntity<T>): Promise<T> {
    return this.run('insert', async () => {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(this.entity)
        .values(values)
        .returning('*')
        .execute();
      const rows = result.raw as Record<string, unknown>[];
      return this.fromRow(manager, rows[0] as Record<string, unknown>);
    });
  }

  /** Updates a live row and returns it as stored, or null when no live row matched. */
  updateById(
    manager: EntityManager,
    scope: Scope,
    id: string,
    changes: QueryDeepPartialEntity<T>,
    condition: VersionCondition = {},
  ): Promise<T | null> {
    return this.run('updateById', () =>
      this.updateOne(manager, scope, id, changes, { ...condition, deleted: false }),
    );
  }

  /**
   * Marks a live row deleted. Returns false when no live row matched.
   * alsoSet adds columns to the same UPDATE, and may override deletedAt.
   */
  async softDeleteById(
    manager: EntityManager,
    scope: Scope,
    id: string,
    condition: VersionCondition = {},
    alsoSet: QueryDeepPartialEntity<T> = {},
  ): Promise<boolean> {
    const changes = {
      deletedAt: () => 'now()',
      ...alsoSet,
    } as unknown as QueryDeepPartialEntity<T>;
    const row = await this.run('softDeleteById', () =>
      this.updateOne(manager, scope, id, changes, { ...condition, deleted: false }),
    );
    return row !== null;
  }

  /**
   * Brings a deleted row back. Returns the restored row, or null when no
   * deleted row matched. alsoSet adds columns to the same UPDATE.
   */
  restoreById(
    manager: EntityManager,
    scope: Scope,
    id: string,
    condition: VersionCondition = {},
    alsoSet: QueryDeepPartialEntity<T> = {},
  ): Promise<T | null> {
    const changes = { ...alsoSet, deletedAt: null } as unknown as QueryDeepPartialEntity<T>;
    return this.run('restoreById', () =>
      this.updateOne(manager, scope, id, changes, { ...condition, deleted: true }),
    );
  }

  /**
   * Soft-deletes every live row in the scope, setting deleted_at and
   * updated_at to the given instant, and returns how many rows it marked.
   */
  async softDeleteAllInScope(manager: EntityManager, scope: Scope, at: Date): Promise<number> {
    if (Object.keys(scope).length === 0) {
      throw new Error(
        'softDeleteAllInScope needs a non-empty scope, so that it never marks a whole table.',
      );
    }
    const changes = { deletedAt: at, updatedAt: at } as unknown as QueryDeepPartialEntity<T>;
    const result = await this.run('softDeleteAllInScope', () =>
      manager
        .createQueryBuilder()
        .update(this.entity)
        .set(changes)
        .where(scope as FindOptionsWhere<T>)
        .andWhere('deleted_at IS NULL')
        .execute(),
    );
    return result.affected ?? 0;
  }

  /** A select on this entity, narrowed to the scope and, when live is true, to live rows. */
  protected select(
    manager: EntityManager,
    scope: Scope,
    options: { live: boolean },
  ): SelectQueryBuilder<T> {
    const query = manager.createQueryBuilder(this.entity, ALIAS);
    andWhereObject(query, scope as FindOptionsWhere<T>);
    if (options.live && this.isSoftDeletable(manager)) {
      query.andWhere(`${ALIAS}.deletedAt IS NULL`);
    }
    return query;
  }

  /** Logs a database error with the repository and operation, then re-raises it unchanged. */
  protected async run<R>(operation: string, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      this.logDatabaseError(operation, error);
      throw error;
    }
  }

  protected fromRow(manager: EntityManager, row: Record<string, unknown>): T {
    return this.hydratorFor(manager).fromRow(row);
  }

  /**
   * Runs a select built by select() on the same manager and returns its
   * entities, hydrated from the raw rows. Joined entities are hydrated too
   * when each join selects a many-to-one or owning one-to-one relation of
   * the selected entity; other joins go through TypeORM's getMany.
   */
  protected async fetchMany(manager: EntityManager, query: SelectQueryBuilder<T>): Promise<T[]> {
    const joins = query.expressionMap.joinAttributes;
    if (!joins.every(isSingleEntityJoinOfRoot)) {
      return query.getMany();
    }

    const [sql, parameters] = query.getQueryAndParameters();
    const rows = await runStatement(manager, sql, parameters);
    const hydrator = this.hydratorFor(manager);
    const joined = joins.map((join) => ({
      hydrator: EntityHydrator.of(join.metadata as EntityMetadata),
      prefix: `${join.alias.name}_`,
      property: join.relation?.propertyName as string,
    }));

    return rows.map((row) => {
      const entity = hydrator.fromRow(row, SELECTED_PREFIX) as Record<string, unknown>;
      for (const { hydrator: relation, prefix, property } of joined) {
        entity[property] = relation.isAbsent(row, prefix) ? null : relation.fromRow(row, prefix);
      }
      return entity as T;
    });
  }

  protected metadata(manager: EntityManager): EntityMetadata {
    return manager.connection.getMetadata(this.entity);
  }

  private async selectById(
    manager: EntityManager,
    scope: Scope,
    id: string,
    options: { live: boolean },
  ): Promise<T | null> {
    const scopeKeys = Object.keys(scope) as (keyof Scope & string)[];
    const sql = this.findByIdStatement(manager, scopeKeys, options);
    const parameters = [...scopeKeys.map((key) => scope[key]), id];

    const rows = await runStatement(manager, sql, parameters);
    const row = rows[0];
    return row === undefined ? null : this.fromRow(manager, row);
  }

  /**
   * Builds the SELECT by id for one shape the first time it is needed:
   * scope columns, then id, as parameters $1 to $n in that order.
   */
  private findByIdStatement(
    manager: EntityManager,
    scopeKeys: readonly string[],
    options: { live: boolean },
  ): string {
    const key = `${options.live}:${scopeKeys.join(',')}`;
    const cached = this.findByIdStatements.get(key);
    if (cached !== undefined) {
      return cached;
    }

    const metadata = this.metadata(manager);
    const quote = (name: string): string => manager.connection.driver.escape(name);
    const columnOf = (property: string): string => {
      const column = metadata.findColumnWithPropertyName(property);
      if (column === undefined) {
        throw new Error(`${metadata.name} has no column for the scope key '${property}'.`);
      }
      return `${quote(ALIAS)}.${quote(column.databaseName)}`;
    };

    const conditions = [...scopeKeys, 'id'].map(
      (property, index) => `${columnOf(property)} = $${index + 1}`,
    );
    if (options.live && this.isSoftDeletable(manager)) {
      conditions.push(`${columnOf('deletedAt')} IS NULL`);
    }
    const columns = metadata.columns.map(
      (column) => `${quote(ALIAS)}.${quote(column.databaseName)}`,
    );
    const sql = `SELECT ${columns.join(', ')} FROM ${quote(metadata.tableName)} ${quote(ALIAS)} WHERE ${conditions.join(' AND ')}`;

    this.findByIdStatements.set(key, sql);
    return sql;
  }

  protected hydratorFor(manager: EntityManager): EntityHydrator<T> {
    return EntityHydrator.of<T>(this.metadata(manager));
  }

  private async keysetPage(
    manager: EntityManager,
    query: SelectQueryBuilder<T>,
    keyset: KeysetQuery<T>,
  ): Promise<KeysetPage<T>> {
    const { property, direction, nulls } = keyset.sort;

    andWhereObject(query, keyset.where ?? {});
    keyset.filter?.(query, ALIAS);
    if (keyset.after !== undefined) {
      query.andWhere(...keysetCondition(keyset.sort, keyset.after));
    }

    const nullsOrder = nulls === undefined ? undefined : (`NULLS ${nulls}` as const);
    const rows = await this.fetchMany(
      manager,
      query
        .orderBy(`${ALIAS}.${property}`, direction, nullsOrder)
        .addOrderBy(`${ALIAS}.id`, direction)
        .limit(keyset.limit + 1),
    );

    return keysetPageOf(rows, keyset.limit, keyset.sort);
  }

  private async updateOne(
    manager: EntityManager,
    scope: Scope,
    id: string,
    changes: QueryDeepPartialEntity<T>,
    condition: VersionCondition & { deleted: boolean },
  ): Promise<T | null> {
    const query = manager
      .createQueryBuilder()
      .update(this.entity)
      .set(changes)
      .where({ ...scope, id } as FindOptionsWhere<T>)
      .returning('*');

    if (this.isSoftDeletable(manager)) {
      query.andWhere(condition.deleted ? 'deleted_at IS NOT NULL' : 'deleted_at IS NULL');
    }
    if (condition.expectedVersion !== undefined) {
      query.andWhere('version = :expectedVersion', { expectedVersion: condition.expectedVersion });
    }

    const result = await query.execute();
    const row = (result.raw as Record<string, unknown>[])[0];
    return row === undefined ? null : this.fromRow(manager, row);
  }

  private isSoftDeletable(manager: EntityManager): boolean {
    return this.metadata(manager).findColumnWithPropertyName('deletedAt') !== undefined;
  }

  private logDatabaseError(operation: string, error: unknown): void {
    const sqlState = sqlStateOf(error);
    const context = { repository: this.constructor.name, operation, sqlState, err: error };

    // Constraint violations (class 23), retryable conflicts and a U+0000 in client text
    // are expected outcomes that become client errors, so they are not operator alarms.
    const expected =
      sqlState?.startsWith('23') === true ||
      sqlState === SqlState.CharacterNotInRepertoire ||
      isRetryableTransactionError(error);
    if (expected) {
      this.logger.debug(context, 'Database statement failed');
    } else {
      this.logger.error(context, 'Database statement failed');
    }
  }
}

/** True for a join that selects one entity per row through a relation of the selected entity. */
function isSingleEntityJoinOfRoot(join: JoinAttribute): boolean {
  const relation = join.relation;
  return (
    join.isSelected &&
    join.parentAlias === ALIAS &&
    join.metadata !== undefined &&
    relation !== undefined &&
    (relation.isManyToOne || relation.isOneToOneOwner) &&
    relation.embeddedMetadata === undefined
  );
}

/** Adds an object condition; an empty object adds nothing, where TypeORM would emit an empty clause. */
function andWhereObject<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  where: FindOptionsWhere<T>,
): SelectQueryBuilder<T> {
  if (Object.keys(where).length > 0) {
    query.andWhere(where);
  }
  return query;
}

/**
 * Builds the condition for rows after a keyset position. A row comparison
 * serves non-null keys from the index. NULL keys compare as unknown, so a
 * nullable sort handles the NULL group apart. That group comes after every
 * non-null row when nulls is LAST and before them when nulls is FIRST.
 */
function keysetCondition<T extends ObjectLiteral>(
  sort: KeysetSort<T>,
  after: KeysetPosition,
): [string, Record<string, string | number>] {
  const column = `${ALIAS}.${sort.property}`;
  const comparison = sort.direction === 'ASC' ? '>' : '<';

  if (after.value !== null) {
    const rowComparison = `(${column}, ${ALIAS}.id) ${comparison} (:keysetValue, :keysetId)`;
    const condition =
      sort.nulls === 'LAST' ? `(${rowComparison} OR ${column} IS NULL)` : rowComparison;
    return [condition, { keysetValue: after.value, keysetId: after.id }];
  }

  if (sort.nulls === undefined) {
    throw new Error(
      `Keyset sort '${sort.property}' declares no nulls, so a position must not be null.`,
    );
  }
  const nullGroup = `(${column} IS NULL AND ${ALIAS}.id ${comparison} :keysetId)`;
  const condition = sort.nulls === 'FIRST' ? `(${nullGroup} OR ${column} IS NOT NULL)` : nullGroup;
  return [condition, { keysetId: after.id }];
}

/**
 * Returns the page of a keyset read that asked for one row more than the
 * limit, so that the extra row shows whether a next page exists.
 */
export function keysetPageOf<T extends { id: string }>(
  rows: T[],
  limit: number,
  sort: KeysetSort<T>,
): KeysetPage<T> {
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    next: hasMore && last !== undefined ? keysetPositionOf(last, sort) : null,
  };
}

function keysetPositionOf<T extends { id: string }>(row: T, sort: KeysetSort<T>): KeysetPosition {
  const value: unknown = row[sort.property];
  const serialized = value instanceof Date ? value.toISOString() : value;

  if (serialized === null && sort.nulls !== undefined) {
    return { value: null, id: row.id };
  }
  if (typeof serialized !== 'string' && typeof serialized !== 'number') {
    throw new Error(
      `Keyset sort property '${sort.property}' must be a non-null string, number or Date.`,
    );
  }
  return { value: serialized, id: row.id };
}

import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

function tableNameOf(table: Table | string): string {
  const name = typeof table === 'string' ? table : table.name;
  return name.split('.').pop() as string;
}

/**
 * Gives keys, indexes and constraints readable names in place of TypeORM's
 * hashes: pk_<table>, fk_<table>_<columns>, ix_<table>_<columns>,
 * uq_<table>_<columns>. Check constraints have no columns to name them by, so
 * every @Check must pass its own chk_<table>_<rule> name.
 */
export class TandemNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override primaryKeyName(table: Table | string): string {
    return `pk_${tableNameOf(table)}`;
  }

  override foreignKeyName(table: Table | string, columnNames: string[]): string {
    return `fk_${tableNameOf(table)}_${columnNames.join('_')}`;
  }

  /** Names the unique constraint TypeORM adds to a one-to-one join column that is not the primary key. */
  override relationConstraintName(table: Table | string, columnNames: string[]): string {
    return `uq_${tableNameOf(table)}_${columnNames.join('_')}`;
  }

  override indexName(table: Table | string, columnNames: string[]): string {
    return `ix_${tableNameOf(table)}_${columnNames.join('_')}`;
  }

  override uniqueConstraintName(table: Table | string, columnNames: string[]): string {
    return `uq_${tableNameOf(table)}_${columnNames.join('_')}`;
  }

  override checkConstraintName(table: Table | string, expression: string): string {
    throw new Error(
      `Check constraint on ${tableNameOf(table)} has no name: pass 'chk_${tableNameOf(table)}_<rule>' to @Check (expression: ${expression}).`,
    );
  }
}

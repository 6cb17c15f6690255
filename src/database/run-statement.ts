import { EntityManager, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface Pool {
  query<Row>(sql: string, parameters: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * Runs one SQL statement on the transaction's QueryRunner, or outside a
 * transaction on the pool directly, and returns its rows.
 */
export async function runStatement<Row = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  if (manager.queryRunner !== undefined) {
    return (await manager.queryRunner.query(sql, parameters)) as Row[];
  }

  // EntityManager.query would create a QueryRunner per statement, which costs more CPU than
  // a primary key read itself. Logging and QueryFailedError stay as TypeORM's own.
  const connection = manager.connection;
  connection.logger.logQuery(sql, parameters);
  const pool = (connection.driver as PostgresDriver).master as Pool;
  try {
    const result = await pool.query<Row>(sql, parameters);
    return result.rows;
  } catch (error) {
    connection.logger.logQueryError(error as Error, sql, parameters);
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

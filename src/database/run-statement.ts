import { EntityManager, QueryFailedError } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface Pool {
  query<Row>(sql: string, parameters: unknown[]): Promise<{ rows: Row[] }>;
}

/**
 * Runs one SQL statement and returns its rows. Inside a transaction it runs on
 * the transaction's QueryRunner. Outside of one it goes straight to the
 * connection pool: EntityManager.query would first create a QueryRunner,
 * check a connection out for it, broadcast query events and wrap the result,
 * which costs more CPU than the statement itself on a primary key read.
 * Either way the statement reaches TypeORM's query logger, and a failure is
 * a QueryFailedError, as from TypeORM itself.
 */
export async function runStatement<Row = Record<string, unknown>>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<Row[]> {
  if (manager.queryRunner !== undefined) {
    return (await manager.queryRunner.query(sql, parameters)) as Row[];
  }

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

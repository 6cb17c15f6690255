import { Client } from 'pg';

/** Runs one statement on the database with a connection of its own, for checks and setup below the API. */
export async function queryDatabase<T>(
  databaseUrl: string,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query(sql, parameters);
    return result.rows as T[];
  } finally {
    await client.end();
  }
}

/** Returns the stored state of a friendship row: its status, or 'deleted' once soft-deleted. */
export async function storedFriendshipState(databaseUrl: string, id: string): Promise<string> {
  const [row] = await queryDatabase<{ status: string; deleted: boolean }>(
    databaseUrl,
    'SELECT status, deleted_at IS NOT NULL AS deleted FROM friendships WHERE id = $1',
    [id],
  );
  if (row === undefined) {
    throw new Error(`no friendship row with id ${id}`);
  }
  return row.deleted ? 'deleted' : row.status;
}

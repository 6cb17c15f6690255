import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sqlStateOf } from '../../database/postgres-errors';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** The key as another request stored it; response is null while that request has not completed. */
export interface ExistingKey {
  requestHash: string;
  response: StoredResponse | null;
}

/**
 * Idempotency keys keyed by (owner_id, key), so this repository does not
 * extend the base repository, whose rows have a single id.
 */
@Injectable()
export class IdempotencyKeyRepository {
  private readonly logger = new Logger(IdempotencyKeyRepository.name);

  /**
   * Claims the key for this transaction and returns null, or returns the key
   * another request stored before. A key that has expired is claimed anew.
   * While another transaction has an uncommitted claim on the same key,
   * the insert waits on the primary key until that transaction ends.
   */
  async claim(
    manager: EntityManager,
    ownerId: string,
    key: string,
    requestHash: string,
    lifetimeSeconds: number,
  ): Promise<ExistingKey | null> {
    return this.run('claim', ownerId, async () => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_keys AS stored (owner_id, key, request_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (owner_id, key) DO UPDATE SET
           request_hash = EXCLUDED.request_hash,
           expires_at = EXCLUDED.expires_at,
           response_status = NULL,
           response_body = NULL,
           created_at = now(),
           updated_at = now()
         WHERE stored.expires_at <= now()
         RETURNING 1`,
        [ownerId, key, requestHash, lifetimeSeconds],
      );
      if (claimed.length > 0) {
        return null;
      }

      const rows: {
        request_hash: string;
        response_status: number | null;
        response_body: unknown;
      }[] = await manager.query(
        `SELECT request_hash, response_status, response_body
           FROM idempotency_keys WHERE owner_id = $1 AND key = $2`,
        [ownerId, key],
      );
      const row = rows[0];
      if (row === undefined) {
        throw new Error('An idempotency key that conflicted on insert could not be read.');
      }
      return {
        requestHash: row.request_hash,
        response:
          row.response_status === null
            ? null
            : { status: row.response_status, body: row.response_body },
      };
    });
  }

  /** Stores the response of a claimed key; it becomes visible when the transaction commits. */
  async complete(
    manager: EntityManager,
    ownerId: string,
    key: string,
    response: StoredResponse,
  ): Promise<void> {
    await this.run('complete', ownerId, () =>
      manager.query(
        `UPDATE idempotency_keys SET response_status = $3, response_body = $4, updated_at = now()
         WHERE owner_id = $1 AND key = $2`,
        [ownerId, key, response.status, JSON.stringify(response.body)],
      ),
    );
  }

  /**
   * Deletes the owner's expired keys, so that keys never used again do not
   * pile up. Rows another transaction has locked are skipped rather than
   * waited for, so two cleanups cannot deadlock.
   */
  async deleteExpired(manager: EntityManager, ownerId: string): Promise<void> {
    await this.run('deleteExpired', ownerId, () =>
      manager.query(
        `DELETE FROM idempotency_keys WHERE (owner_id, key) IN (
           SELECT owner_id, key FROM idempotency_keys
           WHERE owner_id = $1 AND expires_at <= now()
           FOR UPDATE SKIP LOCKED)`,
        [ownerId],
      ),
    );
  }

  async deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<void> {
    await this.run('deleteAllOfOwner', ownerId, () =>
      manager.query(`DELETE FROM idempotency_keys WHERE owner_id = $1`, [ownerId]),
    );
  }

  private async run<R>(operation: string, ownerId: string, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(
        { err: error, operation, ownerId, sqlState: sqlStateOf(error) },
        'Idempotency key statement failed',
      );
      throw error;
    }
  }
}

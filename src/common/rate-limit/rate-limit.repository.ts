import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface BucketState {
  key: string;
  hits: number;
  windowStartedAt: Date;
}

/**
 * Fixed-window counters in PostgreSQL, so that every API replica shares them.
 * Rate-limit buckets are keyed by text, not by a UUID id, so this repository
 * does not extend the base repository.
 */
@Injectable()
export class RateLimitRepository {
  private readonly logger = new Logger(RateLimitRepository.name);

  /**
   * Counts one hit on each key and returns the counters after it. A window
   * older than windowSeconds starts again at one hit. Keys are locked in
   * sorted order, so two requests with the same keys cannot deadlock.
   */
  async hit(manager: EntityManager, keys: string[], windowSeconds: number): Promise<BucketState[]> {
    const sortedKeys = [...new Set(keys)].sort();

    try {
      const rows: { key: string; hits: number; window_started_at: Date }[] = await manager.query(
        `INSERT INTO rate_limit_buckets AS bucket (key, window_started_at, hits)
         SELECT key, now(), 1 FROM unnest($1::varchar[]) AS key
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN bucket.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE bucket.hits + 1 END,
           window_started_at = CASE WHEN bucket.window_started_at <= now() - make_interval(secs => $2)
                                    THEN now() ELSE bucket.window_started_at END,
           updated_at = now()
         RETURNING key, hits, window_started_at`,
        [sortedKeys, windowSeconds],
      );
      return rows.map((row) => ({
        key: row.key,
        hits: row.hits,
        windowStartedAt: row.window_started_at,
      }));
    } catch (error) {
      this.logger.error(
        { err: error, keyCount: sortedKeys.length },
        'Counting rate-limit hits failed',
      );
      throw error;
    }
  }

  /** Deletes buckets untouched for longer than the given number of seconds and returns how many went. */
  async deleteIdle(manager: EntityManager, idleSeconds: number): Promise<number> {
    try {
      const result: [unknown[], number] = await manager.query(
        'DELETE FROM rate_limit_buckets WHERE updated_at < now() - make_interval(secs => $1)',
        [idleSeconds],
      );
      return result[1];
    } catch (error) {
      this.logger.error({ err: error }, 'Deleting idle rate-limit buckets failed');
      throw error;
    }
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * Change stamps for sync feeds, one clock per owner and collection.
 *
 * The sync race: a transaction that stamps a row at t1 but commits after
 * another one stamped at t2 > t1 would be missed by a client that already
 * synced up to t2. tick() prevents it: the upsert locks the owner's clock row
 * until the caller's transaction ends, so an owner's writes to a collection
 * run one at a time and commit in stamp order. Stamps rise by at least one
 * millisecond per write even if the server clock steps back, so a client
 * that asks for changes after the last updatedAt it received gets every
 * later change exactly once. This holds only while every write to the
 * collection stamps updated_at with tick().
 */
@Injectable()
export class SyncClockRepository {
  private readonly logger = new Logger(SyncClockRepository.name);

  /** Advances the clock and returns the new stamp, at millisecond precision. */
  async tick(manager: EntityManager, ownerId: string, collection: string): Promise<Date> {
    try {
      const rows: { changed_at: Date }[] = await manager.query(
        `INSERT INTO sync_clocks AS clock (owner_id, collection, changed_at)
         VALUES ($1, $2, clock_timestamp())
         ON CONFLICT (owner_id, collection) DO UPDATE SET
           changed_at = GREATEST(clock_timestamp(), clock.changed_at + interval '1 millisecond'),
           updated_at = now()
         RETURNING changed_at`,
        [ownerId, collection],
      );
      const stamp = rows[0]?.changed_at;
      if (stamp === undefined) {
        throw new Error('The sync clock upsert returned no row.');
      }
      return stamp;
    } catch (error) {
      this.logger.error({ err: error, ownerId, collection }, 'Advancing the sync clock failed');
      throw error;
    }
  }
}

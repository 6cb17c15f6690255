import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sqlStateOf } from '../database/postgres-errors';
import { ScheduleItemMove } from './schedule-item-move.entity';

export interface ScheduleItemMoveRecord {
  ownerId: string;
  scheduleItemId: string;
  /** The item's times before the write. */
  startsAt: Date;
  endsAt: Date;
  /** The sync clock stamp of the write. */
  movedAt: Date;
}

/**
 * The ranges schedule items left, keyed by (schedule_item_id, moved_at), so
 * this repository does not extend the base repository, whose rows have a
 * single id. The window sync feed reads the table in ScheduleItemRepository.
 */
@Injectable()
export class ScheduleItemMoveRepository {
  private readonly logger = new Logger(ScheduleItemMoveRepository.name);

  async insert(manager: EntityManager, move: ScheduleItemMoveRecord): Promise<void> {
    await this.run('insert', move.ownerId, () =>
      manager.query(
        `INSERT INTO schedule_item_moves (schedule_item_id, moved_at, owner_id, starts_at, ends_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [move.scheduleItemId, move.movedAt, move.ownerId, move.startsAt, move.endsAt],
      ),
    );
  }

  /** Deletes every move of the owner's items and returns how many rows it deleted. */
  async deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<number> {
    const result = await this.run('deleteAllOfOwner', ownerId, () =>
      manager.createQueryBuilder().delete().from(ScheduleItemMove).where({ ownerId }).execute(),
    );
    return result.affected ?? 0;
  }

  private async run<R>(operation: string, ownerId: string, work: () => Promise<R>): Promise<R> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(
        { err: error, operation, ownerId, sqlState: sqlStateOf(error) },
        'Schedule item move statement failed',
      );
      throw error;
    }
  }
}

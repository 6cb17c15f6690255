import { Injectable } from '@nestjs/common';
import { KeysetPosition } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { WindowQueryDto } from './dto/window-query.dto';
import { renderCalendar } from './icalendar';
import { ScheduleItemErrors } from './schedule-item-errors';
import { ScheduleItem } from './schedule-item.entity';
import { ScheduleItemRepository } from './schedule-item.repository';
import { resolveWindow } from './schedule-window';

/** Maximum number of conflict pairs in one response. */
export const MAX_CONFLICT_PAIRS = 100;

/** Maximum number of items in one calendar export, which bounds the memory and size of the response. */
export const MAX_EXPORT_ITEMS = 5_000;

/** Rows read per query while an export walks the window. */
const EXPORT_PAGE_SIZE = 500;

export interface ConflictPair {
  first: ScheduleItem;
  second: ScheduleItem;
}

export interface Conflicts {
  pairs: ConflictPair[];
  /** True when more than MAX_CONFLICT_PAIRS pairs exist. */
  truncated: boolean;
}

/** Whole-window reads of the caller's items: overlapping pairs and the iCalendar export. */
@Injectable()
export class ScheduleWindowService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly items: ScheduleItemRepository,
  ) {}

  /**
   * Returns pairs of the owner's live items that overlap each other and the
   * window, at most MAX_CONFLICT_PAIRS. Pairs and items are read in one
   * REPEATABLE READ transaction, so both come from one snapshot.
   */
  async conflicts(ownerId: string, query: WindowQueryDto): Promise<Conflicts> {
    const window = resolveWindow(query);

    return this.transactions.run(
      async (manager) => {
        const scope = { ownerId };
        const pairs = await this.items.listOverlapPairs(
          manager,
          scope,
          window,
          MAX_CONFLICT_PAIRS + 1,
        );
        const kept = pairs.slice(0, MAX_CONFLICT_PAIRS);
        const ids = new Set(kept.flatMap((pair) => [pair.firstId, pair.secondId]));
        const byId = new Map(
          (await this.items.findLiveByIds(manager, scope, [...ids])).map((item) => [item.id, item]),
        );

        return {
          pairs: kept.map((pair) => ({
            first: byId.get(pair.firstId) as ScheduleItem,
            second: byId.get(pair.secondId) as ScheduleItem,
          })),
          truncated: pairs.length > MAX_CONFLICT_PAIRS,
        };
      },
      { isolationLevel: 'REPEATABLE READ' },
    );
  }

  /**
   * Renders the owner's live items that overlap the window as an iCalendar
   * document, ordered by start. Pages are read in one REPEATABLE READ
   * transaction, so a concurrent write cannot make an item appear twice or
   * not at all. More than MAX_EXPORT_ITEMS items is a 422.
   */
  async exportCalendar(ownerId: string, query: WindowQueryDto): Promise<string> {
    const window = resolveWindow(query);

    const items = await this.transactions.run(
      async (manager) => {
        const found: ScheduleItem[] = [];
        let after: KeysetPosition | undefined;
        do {
          const page = await this.items.listByDateRange(
            manager,
            { ownerId },
            window.from,
            window.to,
            { limit: EXPORT_PAGE_SIZE, after },
          );
          found.push(...page.rows);
          if (found.length > MAX_EXPORT_ITEMS) {
            throw ScheduleItemErrors.exportTooLarge(MAX_EXPORT_ITEMS);
          }
          after = page.next ?? undefined;
        } while (after !== undefined);
        return found;
      },
      { isolationLevel: 'REPEATABLE READ' },
    );
    return renderCalendar(items);
  }
}

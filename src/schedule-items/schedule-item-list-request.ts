import { CommonErrors } from '../common/errors/common-errors';
import { listFingerprint } from '../common/pagination/cursor';
import { KeysetPosition } from '../database/base.repository';
import { ListScheduleItemsQueryDto } from './dto/list-schedule-items.dto';
import { isUtcCursorInstant } from '../common/validation/date-time';
import { resolveWindow, TimeWindow } from './schedule-window';

export type ScheduleItemListRequest =
  | { mode: 'window'; window: TimeWindow; fingerprint: string }
  | {
      mode: 'sync';
      window: TimeWindow;
      since?: Date;
      includeDeleted: boolean;
      fingerprint: string;
    };

/**
 * Resolves the query of GET /v1/schedule-items into a window list or a sync
 * feed of the window, and fingerprints everything that shapes the result so
 * a cursor works only with the same parameters.
 */
export function resolveListRequest(query: ListScheduleItemsQueryDto): ScheduleItemListRequest {
  const window = resolveWindow(query);
  const since = query.updatedSince === undefined ? undefined : new Date(query.updatedSince);
  const includeDeleted = query.includeDeleted === true;
  const windowParameters = { from: window.from.toISOString(), to: window.to.toISOString() };

  if (since === undefined && !includeDeleted) {
    return {
      mode: 'window',
      window,
      fingerprint: listFingerprint({ list: 'schedule-items', ...windowParameters }),
    };
  }
  return {
    mode: 'sync',
    window,
    since,
    includeDeleted,
    fingerprint: listFingerprint({
      list: 'schedule-items:sync',
      ...windowParameters,
      updatedSince: since?.toISOString(),
      includeDeleted,
    }),
  };
}

/**
 * Rejects a decoded cursor whose value is not a UTC instant, the key of both
 * the window sort (startsAt) and the sync sort (updatedAt), so a forged
 * cursor is a 400 invalid_cursor instead of a database error.
 */
export function assertCursorIsInstant(position: KeysetPosition): void {
  const { value } = position;
  if (!isUtcCursorInstant(value)) {
    throw CommonErrors.invalidCursor();
  }
}

/** The baseline's GET /v1/schedule-items: a window list without cursor or sync parameters. */
import { Pool } from 'pg';
import { isRfc3339Instant } from '../src/common/validation/date-time';
import {
  MAX_DURATION_DAYS,
  MAX_DURATION_MS,
  MAX_INSTANT_SPAN_MS,
} from '../src/schedule-items/schedule-item.entity';
import {
  encodeCursor,
  limitParameter,
  listFingerprint,
  rejectUnknownParameters,
  validationFailed,
} from './baseline-http';
import { listScheduleItemsSql } from './baseline-sql';

/** The body of ScheduleItemResponseDto. */
interface ScheduleItemResponse {
  id: string;
  title: string;
  notes: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  visibility: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/**
 * Lists the owner's live items that overlap [from, to), as ScheduleItemService.list
 * does in window mode: the same validation of the window, the same statement
 * and the same cursor of the next page.
 */
export async function listScheduleItems(
  pool: Pool,
  ownerId: string,
  parameters: URLSearchParams,
): Promise<{ data: ScheduleItemResponse[]; nextCursor: string | null }> {
  rejectUnknownParameters(parameters, ['from', 'to', 'limit']);
  const fromParameter = parameters.get('from');
  const toParameter = parameters.get('to');
  if (!isRfc3339Instant(fromParameter) || !isRfc3339Instant(toParameter)) {
    throw validationFailed('from and to must be RFC 3339 instants with an offset.');
  }
  const from = new Date(fromParameter);
  const to = new Date(toParameter);
  const span = to.getTime() - from.getTime();
  if (span <= 0 || span > MAX_DURATION_MS) {
    throw validationFailed(`to must be later than from, by at most ${MAX_DURATION_DAYS} days.`);
  }
  const limit = limitParameter(parameters.get('limit'));

  const scanStart = new Date(from.getTime() - MAX_INSTANT_SPAN_MS);
  const result = await pool.query<Record<string, unknown>>(listScheduleItemsSql(limit), [
    ownerId,
    scanStart,
    to,
    from,
  ]);
  const page = result.rows.slice(0, limit).map(toResponse);
  const last = page[page.length - 1];
  const fingerprint = listFingerprint({
    list: 'schedule-items',
    from: from.toISOString(),
    to: to.toISOString(),
  });

  return {
    data: page,
    nextCursor:
      result.rows.length > limit && last !== undefined
        ? encodeCursor(last.startsAt, last.id, fingerprint)
        : null,
  };
}

/** Maps a row of the aliased select list to the response body. */
function toResponse(row: Record<string, unknown>): ScheduleItemResponse {
  return {
    id: row.row_id as string,
    title: row.row_title as string,
    notes: row.row_notes as string | null,
    location: row.row_location as string | null,
    startsAt: (row.row_starts_at as Date).toISOString(),
    endsAt: (row.row_ends_at as Date).toISOString(),
    allDay: row.row_all_day as boolean,
    startDate: row.row_start_date as string | null,
    endDate: row.row_end_date as string | null,
    timeZone: row.row_time_zone as string,
    visibility: row.row_visibility as string,
    version: row.row_version as number,
    createdAt: (row.row_created_at as Date).toISOString(),
    updatedAt: (row.row_updated_at as Date).toISOString(),
  };
}

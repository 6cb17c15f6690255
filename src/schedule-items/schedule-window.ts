import { CommonErrors } from '../common/errors/common-errors';
import { MAX_DURATION_DAYS, MAX_DURATION_MS } from './schedule-item.entity';

/** A half-open window [from, to) of instants. */
export interface TimeWindow {
  from: Date;
  to: Date;
}

/**
 * Parses from and to into a window, and rejects one that is empty,
 * reversed or longer than 366 days, as a 400 validation_failed on to.
 * Both values are RFC 3339 instants already, checked by the query DTO.
 */
export function resolveWindow(query: { from: string; to: string }): TimeWindow {
  const window = { from: new Date(query.from), to: new Date(query.to) };
  const span = window.to.getTime() - window.from.getTime();

  if (span <= 0) {
    throw CommonErrors.validationFailed([{ field: 'to', message: 'to must be later than from.' }]);
  }
  if (span > MAX_DURATION_MS) {
    throw CommonErrors.validationFailed([
      {
        field: 'to',
        message: `The window from from to to spans at most ${MAX_DURATION_DAYS} days.`,
      },
    ]);
  }
  return window;
}

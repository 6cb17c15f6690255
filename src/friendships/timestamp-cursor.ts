import { CommonErrors } from '../common/errors/common-errors';
import { isUtcCursorInstant } from '../common/validation/date-time';
import { KeysetPosition } from '../database/base.repository';

/**
 * Rejects a decoded cursor whose value is not a UTC instant, the key of every
 * list in this module, so that a forged cursor is a 400 invalid_cursor
 * instead of a database error.
 */
export function assertTimestampCursor(position: KeysetPosition): void {
  const { value } = position;
  if (!isUtcCursorInstant(value)) {
    throw CommonErrors.invalidCursor();
  }
}

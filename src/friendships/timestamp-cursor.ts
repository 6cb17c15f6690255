import { CommonErrors } from '../common/errors/common-errors';
import { KeysetPosition } from '../database/base.repository';

/**
 * Rejects a decoded cursor whose value is not a UTC instant, the key of every
 * list in this module, so that a forged cursor is a 400 invalid_cursor
 * instead of a database error.
 */
export function assertTimestampCursor(position: KeysetPosition): void {
  const { value } = position;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value)) || !value.endsWith('Z')) {
    throw CommonErrors.invalidCursor();
  }
}

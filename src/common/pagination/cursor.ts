import { createHash } from 'node:crypto';
import { isUUID } from 'class-validator';
import { KeysetPosition } from '../../database/base.repository';
import { CommonErrors } from '../errors/common-errors';

interface CursorPayload {
  /** Sort key of the last row returned; absent when that key is NULL. */
  v?: string | number;
  /** True when the sort key of the last row returned is NULL. */
  n?: true;
  /** Id of the last row returned. */
  i: string;
  /** Fingerprint of the filters and sort the cursor was made for. */
  f: string;
}

/**
 * Fingerprints the filters and sort of a list request. A cursor carries it,
 * so a cursor replayed with other filters is rejected instead of silently
 * skipping or repeating rows.
 */
export function listFingerprint(parameters: Record<string, unknown>): string {
  const stable = Object.keys(parameters)
    .sort()
    .map((key) => [key, parameters[key] ?? null]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 16);
}

export function encodeCursor(position: KeysetPosition, fingerprint: string): string {
  const payload: CursorPayload =
    position.value === null
      ? { n: true, i: position.id, f: fingerprint }
      : { v: position.value, i: position.id, f: fingerprint };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/** Decodes a cursor made for the same fingerprint, or raises 400 invalid_cursor. */
export function decodeCursor(cursor: string, fingerprint: string): KeysetPosition {
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as Partial<CursorPayload>;
  } catch {
    throw CommonErrors.invalidCursor();
  }

  // A NULL sort key is the n marker with no v, never v: null.
  const valueIsNull = payload?.n === true && payload.v === undefined;
  const valueIsValid =
    valueIsNull ||
    (payload?.n === undefined &&
      (typeof payload?.v === 'string' ||
        (typeof payload?.v === 'number' && Number.isFinite(payload.v))));
  if (!valueIsValid || !isUUID(payload.i) || payload.f !== fingerprint) {
    throw CommonErrors.invalidCursor();
  }
  return { value: valueIsNull ? null : (payload.v as string | number), id: payload.i as string };
}

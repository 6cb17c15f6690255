/** The error type and list helpers that the baseline's route handlers share. */
import { createHash } from 'node:crypto';

const DEFAULT_PAGE_LIMIT = 50;
const MAX_PAGE_LIMIT = 100;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

export function validationFailed(detail: string): HttpError {
  return new HttpError(400, 'validation_failed', detail);
}

/** Rejects any query parameter that is not in known, because the baseline would ignore it. */
export function rejectUnknownParameters(parameters: URLSearchParams, known: string[]): void {
  for (const name of parameters.keys()) {
    if (!known.includes(name)) {
      throw validationFailed(`The baseline does not support the parameter ${name}.`);
    }
  }
}

export function limitParameter(value: string | null): number {
  if (value === null) {
    return DEFAULT_PAGE_LIMIT;
  }
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    throw validationFailed(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}.`);
  }
  return limit;
}

/** Computes the fingerprint as listFingerprint in src/common/pagination/cursor.ts does. */
export function listFingerprint(parameters: Record<string, unknown>): string {
  const stable = Object.keys(parameters)
    .sort()
    .map((key) => [key, parameters[key] ?? null]);
  return createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 16);
}

/** Encodes the cursor as encodeCursor in src/common/pagination/cursor.ts does. */
export function encodeCursor(
  value: string | number | null,
  id: string,
  fingerprint: string,
): string {
  const payload =
    value === null ? { n: true, i: id, f: fingerprint } : { v: value, i: id, f: fingerprint };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

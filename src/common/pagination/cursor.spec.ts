import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor, listFingerprint } from './cursor';

const ID = '3f8e5a52-6d1b-4c1e-9a7e-2b1f0c4d5e6f';
const FINGERPRINT = listFingerprint({ list: 'profiles', prefix: 'ada' });

/** Runs decodeCursor and returns the error it throws. */
function decodeError(cursor: string, fingerprint = FINGERPRINT): unknown {
  try {
    decodeCursor(cursor, fingerprint);
  } catch (error) {
    return error;
  }
  throw new Error(`decodeCursor accepted '${cursor}'`);
}

function encodePayload(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

describe('cursor', () => {
  it('round-trips a string value', () => {
    const position = { value: 'ada_l', id: ID };

    expect(decodeCursor(encodeCursor(position, FINGERPRINT), FINGERPRINT)).toEqual(position);
  });

  it('round-trips a number value', () => {
    const position = { value: 42, id: ID };

    expect(decodeCursor(encodeCursor(position, FINGERPRINT), FINGERPRINT)).toEqual(position);
  });

  it('encodes as URL-safe text', () => {
    const cursor = encodeCursor({ value: '2025-01-01T00:00:00.000Z?&/+', id: ID }, FINGERPRINT);

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('rejects another fingerprint', () => {
    const cursor = encodeCursor({ value: 'ada_l', id: ID }, FINGERPRINT);
    const otherFilter = listFingerprint({ list: 'profiles', prefix: 'bob' });

    expect(decodeError(cursor, otherFilter)).toMatchObject({
      status: 400,
      code: 'invalid_cursor',
    });
  });

  it.each([
    ['random text', 'not-a-cursor'],
    ['empty text', ''],
    ['base64 of non-JSON', Buffer.from('{oops').toString('base64url')],
    ['JSON null', encodePayload(null)],
    ['JSON array', encodePayload([1, 2])],
  ])('rejects garbage: %s', (_label, cursor) => {
    const error = decodeError(cursor);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_cursor' });
  });

  it('rejects a non-UUID id', () => {
    const cursor = encodePayload({ v: 'ada_l', i: 'not-a-uuid', f: FINGERPRINT });

    expect(decodeError(cursor)).toMatchObject({ code: 'invalid_cursor' });
  });

  it('rejects an injected SQL id', () => {
    const cursor = encodePayload({ v: 'ada_l', i: `${ID}' OR '1'='1`, f: FINGERPRINT });

    expect(decodeError(cursor)).toMatchObject({ code: 'invalid_cursor' });
  });

  it.each([
    ['null', null],
    ['object', { nested: true }],
    ['boolean', true],
  ])('rejects a %s value', (_label, value) => {
    const cursor = encodePayload({ v: value, i: ID, f: FINGERPRINT });

    expect(decodeError(cursor)).toMatchObject({ code: 'invalid_cursor' });
  });
});

describe('listFingerprint', () => {
  it('ignores parameter order', () => {
    expect(listFingerprint({ a: 1, b: 'x' })).toBe(listFingerprint({ b: 'x', a: 1 }));
  });

  it('changes with any parameter', () => {
    expect(listFingerprint({ a: 1, b: 'x' })).not.toBe(listFingerprint({ a: 1, b: 'y' }));
  });
});

import { randomUUID } from 'node:crypto';
import { ApiError } from '../errors/api-error';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursor with a NULL sort key', () => {
  const fingerprint = 'fingerprint';

  it('null value round-trips', () => {
    const id = randomUUID();

    const position = decodeCursor(encodeCursor({ value: null, id }, fingerprint), fingerprint);

    expect(position).toEqual({ value: null, id });
  });

  it('null value without marker is rejected', () => {
    const cursor = Buffer.from(
      JSON.stringify({ v: null, i: randomUUID(), f: fingerprint }),
    ).toString('base64url');

    expect(() => decodeCursor(cursor, fingerprint)).toThrow(ApiError);
  });

  it('marker beside a value is rejected', () => {
    const cursor = Buffer.from(
      JSON.stringify({ v: 'x', n: true, i: randomUUID(), f: fingerprint }),
    ).toString('base64url');

    expect(() => decodeCursor(cursor, fingerprint)).toThrow(ApiError);
  });
});

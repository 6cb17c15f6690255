import { isRfc3339Instant, isUtcCursorInstant } from './date-time';

describe('isRfc3339Instant', () => {
  it.each([
    ['the last millisecond of UTC year 9999', '9999-12-31T23:59:59.999Z'],
    ['the first instant of UTC year 1', '0001-01-01T00:00:00Z'],
    ['an instant with an offset', '2026-03-01T09:30:00+05:30'],
  ])('accepts %s', (_case, value) => {
    expect(isRfc3339Instant(value)).toBe(true);
  });

  it.each([
    ['an offset that moves it into UTC year 10000', '9999-12-31T23:59:59.999-14:00'],
    ['an offset that moves it into UTC year 0', '0001-01-01T00:00:00+01:00'],
    ['an extended year', '+010000-01-01T00:00:00.000Z'],
    ['no offset', '2026-03-01T09:30:00'],
    ['a day that does not exist', '2026-02-29T09:30:00Z'],
  ])('rejects %s', (_case, value) => {
    expect(isRfc3339Instant(value)).toBe(false);
  });
});

describe('isUtcCursorInstant', () => {
  it('accepts what Date.toISOString writes', () => {
    expect(isUtcCursorInstant(new Date('2026-03-01T09:30:00Z').toISOString())).toBe(true);
  });

  it('rejects an instant with an offset', () => {
    expect(isUtcCursorInstant('2026-03-01T09:30:00+01:00')).toBe(false);
  });

  it('rejects an extended year', () => {
    expect(isUtcCursorInstant('+010000-01-01T00:00:00.000Z')).toBe(false);
  });
});

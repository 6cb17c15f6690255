import { buildMessage, ValidateBy, ValidationOptions } from 'class-validator';

// RFC 3339 date-time: seconds required, an offset (Z or +hh:mm) required.
const RFC_3339_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Instants outside UTC years 1 to 9999 have no RFC 3339 form once normalized to UTC,
// and PostgreSQL rejects the extended years that Date.toISOString writes for them.
const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** True for a real day of the proleptic Gregorian calendar in years 1 to 9999. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  const daysInMonth = new Date(Date.UTC(2000, month, 0)).getUTCDate();
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && !isLeapYear ? 28 : daysInMonth);
}

/**
 * True for an RFC 3339 instant with an offset, such as 2026-03-01T09:30:00Z,
 * on a real day, that falls in UTC years 1 to 9999.
 */
export function isRfc3339Instant(value: unknown): value is string {
  const match = typeof value === 'string' ? RFC_3339_INSTANT.exec(value) : null;
  if (match === null) {
    return false;
  }
  const [, year, month, day, hour, minute, second, , , offsetHour, offsetMinute] = match;
  return (
    isRealDay(Number(year), Number(month), Number(day)) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHour ?? 0) <= 23 &&
    Number(offsetMinute ?? 0) <= 59 &&
    isWithinUtcYears(Date.parse(value as string))
  );
}

function isWithinUtcYears(milliseconds: number): boolean {
  return milliseconds >= EARLIEST_INSTANT_MS && milliseconds <= LATEST_INSTANT_MS;
}

/** True for a UTC instant as cursors carry it, such as 2026-03-01T09:30:00.000Z. */
export function isUtcCursorInstant(value: unknown): value is string {
  return typeof value === 'string' && value.endsWith('Z') && isRfc3339Instant(value);
}

/** True for a date without a time, YYYY-MM-DD, that names a real day. */
export function isCalendarDate(value: unknown): value is string {
  const match = typeof value === 'string' ? CALENDAR_DATE.exec(value) : null;
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

export const IsRfc3339Instant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isRfc3339Instant',
      validator: {
        validate: isRfc3339Instant,
        defaultMessage: buildMessage(
          (prefix) =>
            `${prefix}$property must be an RFC 3339 instant with an offset in UTC years 1 to 9999, such as 2026-03-01T09:30:00Z`,
          options,
        ),
      },
    },
    options,
  );

export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
        defaultMessage: buildMessage(
          (prefix) => `${prefix}$property must be a date as YYYY-MM-DD, such as 2026-03-01`,
          options,
        ),
      },
    },
    options,
  );

import { ScheduleItem } from './schedule-item.entity';

/**
 * An iCalendar (RFC 5545) writer for schedule items: the subset this API
 * exports, one VEVENT per item, written without a library so the output
 * stays under this module's control and testable line by line.
 */

/** Content lines end with CRLF (RFC 5545, 3.1). */
const CRLF = '\r\n';

/** Content lines are folded to at most 75 octets, excluding the line break (RFC 5545, 3.1). */
const MAX_LINE_OCTETS = 75;

export const PRODUCT_ID = '-//Tandem//Schedule items//EN';

/** Returns the UID of an item, stable across exports, so calendar clients update the event in place. */
export function uidOf(itemId: string): string {
  return `${itemId}@tandem`;
}

/** Renders a VCALENDAR with one VEVENT per item, CRLF line endings included. */
export function renderCalendar(items: ScheduleItem[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    ...items.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

function eventLines(item: ScheduleItem): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${uidOf(item.id)}`,
    // Without a METHOD, DTSTAMP is the time the event was last revised (RFC 5545, 3.8.7.2).
    `DTSTAMP:${formatUtcDateTime(item.updatedAt)}`,
    `CREATED:${formatUtcDateTime(item.createdAt)}`,
    `LAST-MODIFIED:${formatUtcDateTime(item.updatedAt)}`,
    `SEQUENCE:${item.version - 1}`,
    ...timeLines(item),
    `SUMMARY:${escapeText(item.title)}`,
  ];
  if (item.notes !== null) {
    lines.push(`DESCRIPTION:${escapeText(item.notes)}`);
  }
  if (item.location !== null) {
    lines.push(`LOCATION:${escapeText(item.location)}`);
  }
  lines.push('END:VEVENT');
  return lines;
}

/** DTSTART and DTEND: dates for an all-day item, with DTEND exclusive as endDate is, else UTC date-times. */
function timeLines(item: ScheduleItem): string[] {
  if (item.allDay && item.startDate !== null && item.endDate !== null) {
    return [
      `DTSTART;VALUE=DATE:${formatDate(item.startDate)}`,
      `DTEND;VALUE=DATE:${formatDate(item.endDate)}`,
    ];
  }
  return [`DTSTART:${formatUtcDateTime(item.startsAt)}`, `DTEND:${formatUtcDateTime(item.endsAt)}`];
}

/** Formats an instant as a UTC DATE-TIME, such as 20260301T093000Z (RFC 5545, 3.3.5, form 2). */
export function formatUtcDateTime(instant: Date): string {
  return instant
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Formats a 'YYYY-MM-DD' day as a DATE, such as 20260308 (RFC 5545, 3.3.4). */
function formatDate(day: string): string {
  return day.replace(/-/g, '');
}

/**
 * Escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma
 * get a backslash, and every line break becomes \n. TEXT cannot carry other
 * control characters, so they are dropped.
 */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .split('')
    .filter((character) => !isForbiddenControl(character))
    .join('');
}

/** True for the control characters that TEXT excludes: all of C0 but tab, and DEL. */
function isForbiddenControl(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code < 0x20 && code !== 0x09) || code === 0x7f;
}

/**
 * Folds a content line into chunks of at most 75 octets of UTF-8, each
 * continuation starting with one space (RFC 5545, 3.1). A chunk never splits
 * a character, because clients must not see half a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) {
    return line;
  }

  const chunks: string[] = [];
  let chunk = '';
  let chunkOctets = 0;
  // The leading space of a continuation line counts towards its 75 octets.
  let limit = MAX_LINE_OCTETS;

  for (const character of line) {
    const octets = Buffer.byteLength(character, 'utf8');
    if (chunkOctets + octets > limit) {
      chunks.push(chunk);
      chunk = '';
      chunkOctets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    chunk += character;
    chunkOctets += octets;
  }
  chunks.push(chunk);
  return chunks.join(`${CRLF} `);
}

import { escapeText, foldLine, formatUtcDateTime } from './icalendar';

/** Undoes folding as a parser does: a CRLF followed by one space is removed (RFC 5545, 3.1). */
function unfold(text: string): string {
  return text.replace(/\r\n /g, '');
}

describe('foldLine', () => {
  it('keeps a 75-octet line whole', () => {
    const line = `SUMMARY:${'x'.repeat(67)}`;

    expect(foldLine(line)).toBe(line);
  });

  it('folds a 76-octet line once', () => {
    const line = `SUMMARY:${'x'.repeat(68)}`;

    const folded = foldLine(line);

    expect(folded.split('\r\n')).toEqual([line.slice(0, 75), ` ${line.slice(75)}`]);
  });

  it.each([
    ['ASCII', 'a'.repeat(400)],
    ['two-octet characters', 'é'.repeat(200)],
    ['three-octet characters', '日本語'.repeat(70)],
    ['four-octet characters', '🗓️'.repeat(60)],
    ['mixed widths', 'aé日🗓'.repeat(50)],
  ])('folded %s fit 75 octets', (_case, text) => {
    const line = `DESCRIPTION:${text}`;

    const parts = foldLine(line).split('\r\n');

    for (const part of parts) {
      expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    }
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(unfold(foldLine(line))).toBe(line);
  });

  it('never splits a UTF-8 sequence', () => {
    const line = `SUMMARY:${'x'.repeat(66)}é${'y'.repeat(10)}`;

    const [first] = foldLine(line).split('\r\n');

    // Octet 75 would be the first half of é, so the first part stops before it.
    expect(first).toBe(`SUMMARY:${'x'.repeat(66)}`);
  });
});

describe('escapeText', () => {
  it.each([
    ['backslash', 'a\\b', 'a\\\\b'],
    ['semicolon', 'a;b', 'a\\;b'],
    ['comma', 'a,b', 'a\\,b'],
    ['LF', 'a\nb', 'a\\nb'],
    ['CRLF', 'a\r\nb', 'a\\nb'],
    ['CR', 'a\rb', 'a\\nb'],
    ['colon kept', 'a:b', 'a:b'],
    ['tab kept', 'a\tb', 'a\tb'],
    ['other controls dropped', 'a\u0000\u0007\u007fb', 'ab'],
    ['escaped sequence stays literal', '\\n', '\\\\n'],
  ])('escapes %s', (_case, input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe('formatUtcDateTime', () => {
  it('drops milliseconds and separators', () => {
    expect(formatUtcDateTime(new Date('2026-03-01T09:30:05.123Z'))).toBe('20260301T093005Z');
  });
});

import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { registerUser, RegisteredUser } from './support/factories';
import {
  createScheduleItem,
  errorFieldsOf,
  listAllScheduleItems,
  ScheduleItemBody,
} from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

/** The VEVENT fields the export must carry, read back through ical.js. */
interface ParsedEvent {
  uid: string;
  summary: string;
  description: string | null;
  location: string | null;
  isDate: boolean;
  start: string;
  end: string;
  startZone: string;
}

function parseCalendar(text: string): { calendar: ICAL.Component; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const isDate = event.startDate.isDate;
    return {
      uid: event.uid,
      summary: event.summary,
      description: (component.getFirstPropertyValue('description') as string | null) ?? null,
      location: (component.getFirstPropertyValue('location') as string | null) ?? null,
      isDate,
      start: isDate ? event.startDate.toString() : event.startDate.toJSDate().toISOString(),
      end: isDate ? event.endDate.toString() : event.endDate.toJSDate().toISOString(),
      startZone: event.startDate.zone?.tzid ?? '',
    };
  });
  return { calendar, events };
}

describe('schedule items iCalendar export', () => {
  let testApp: TestApp;
  let user: RegisteredUser;
  let timed: ScheduleItemBody;
  let allDay: ScheduleItemBody;

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
    timed = await createScheduleItem(testApp.http, user, {
      title: `Review; plan, ship \\ celebrate ${'ü'.repeat(60)}`,
      notes: 'Line one\nLine two, with a comma; and a semicolon\\',
      location: 'Room 4, Floor 2; Building "B"',
      startsAt: '2026-03-10T09:30:00+01:00',
      endsAt: '2026-03-10T11:00:00+01:00',
      timeZone: 'Europe/Berlin',
    });
    allDay = await createScheduleItem(testApp.http, user, {
      title: 'Clocks change',
      allDay: true,
      startDate: '2026-03-08',
      endDate: '2026-03-10',
      timeZone: 'America/New_York',
    });
    // Outside the window, so it must not be exported.
    await createScheduleItem(testApp.http, user, {
      title: 'April',
      startsAt: '2026-04-02T09:00:00Z',
      endsAt: '2026-04-02T10:00:00Z',
    });
  });

  afterAll(async () => {
    await testApp.close();
  });

  const exportCalendar = (query: Record<string, string>, as: RegisteredUser = user) =>
    testApp.http
      .get('/v1/schedule-items.ics')
      .query(query)
      .set('Authorization', as.authorization)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
      });

  it('export is text/calendar in UTF-8', async () => {
    const response = await exportCalendar(WINDOW);

    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
  });

  it('export has VERSION and PRODID', async () => {
    const { calendar } = parseCalendar((await exportCalendar(WINDOW)).body as string);

    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Tandem//Schedule items//EN');
  });

  it('every line ends with CRLF', async () => {
    const body = (await exportCalendar(WINDOW)).body as string;

    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('no line exceeds 75 octets', async () => {
    const body = (await exportCalendar(WINDOW)).body as string;

    const lines = body.split('\r\n');
    const longest = Math.max(...lines.map((line) => Buffer.byteLength(line, 'utf8')));
    expect(longest).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
  });

  it('events match the JSON list', async () => {
    const json = (await listAllScheduleItems(
      testApp.http,
      user,
      WINDOW,
    )) as unknown as ScheduleItemBody[];
    const { events } = parseCalendar((await exportCalendar(WINDOW)).body as string);

    const expected = json.map((item) => ({
      uid: `${item.id}@tandem`,
      summary: item.title,
      description: item.notes,
      location: item.location,
      isDate: item.allDay,
      start: item.allDay ? item.startDate : item.startsAt,
      end: item.allDay ? item.endDate : item.endsAt,
      startZone: item.allDay ? 'floating' : 'UTC',
    }));
    expect(events).toEqual(expected);
  });

  it('text survives escaping', async () => {
    const { events } = parseCalendar((await exportCalendar(WINDOW)).body as string);

    const event = events.find((candidate) => candidate.uid === `${timed.id}@tandem`);
    expect(event?.summary).toBe(timed.title);
    expect(event?.description).toBe(timed.notes);
    expect(event?.location).toBe(timed.location);
  });

  it('all-day event uses DATE values', async () => {
    const body = (await exportCalendar(WINDOW)).body as string;

    expect(body).toContain('DTSTART;VALUE=DATE:20260308\r\n');
    expect(body).toContain('DTEND;VALUE=DATE:20260310\r\n');
    expect(body).toContain(`UID:${allDay.id}@tandem\r\n`);
  });

  it('timed event uses UTC date-times', async () => {
    const body = (await exportCalendar(WINDOW)).body as string;

    expect(body).toContain('DTSTART:20260310T083000Z\r\n');
    expect(body).toContain('DTEND:20260310T100000Z\r\n');
  });

  it('UIDs are stable across exports', async () => {
    const first = parseCalendar((await exportCalendar(WINDOW)).body as string).events;
    await testApp.http
      .patch(`/v1/schedule-items/${allDay.id}`)
      .set('Authorization', user.authorization)
      .send({ title: 'Clocks change again' })
      .expect(200);

    const second = parseCalendar((await exportCalendar(WINDOW)).body as string).events;

    expect(second.map((event) => event.uid)).toEqual(first.map((event) => event.uid));
  });

  it('deleted item is not exported', async () => {
    const deleted = await createScheduleItem(testApp.http, user, {
      title: 'Cancelled',
      startsAt: '2026-03-20T09:00:00Z',
      endsAt: '2026-03-20T10:00:00Z',
    });
    await testApp.http
      .delete(`/v1/schedule-items/${deleted.id}`)
      .set('Authorization', user.authorization)
      .expect(204);

    const body = (await exportCalendar(WINDOW)).body as string;

    expect(body).not.toContain(deleted.id);
  });

  it('empty window exports an empty calendar', async () => {
    const response = await exportCalendar({
      from: '2030-01-01T00:00:00Z',
      to: '2030-01-02T00:00:00Z',
    });

    expect(response.body).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//Schedule items//EN\r\nCALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n',
    );
  });

  it('over 5000 items is 422', async () => {
    const crowded = await registerUser(testApp.http);
    await testApp.app.get(DataSource).query(
      `INSERT INTO schedule_items (owner_id, title, starts_at, ends_at, time_zone)
       SELECT $1, 'item ' || n, timestamptz '2026-03-02T00:00:00Z' + n * interval '1 second',
              timestamptz '2026-03-02T01:00:00Z' + n * interval '1 second', 'UTC'
       FROM generate_series(1, 5001) AS n`,
      [crowded.id],
    );

    const response = await testApp.http
      .get('/v1/schedule-items.ics')
      .query(WINDOW)
      .set('Authorization', crowded.authorization);

    expect(response.status).toBe(422);
    expect(response.body.code).toBe('calendar_export_too_large');
  });

  it('window is validated', async () => {
    const response = await testApp.http
      .get('/v1/schedule-items.ics')
      .query({ from: WINDOW.to, to: WINDOW.from })
      .set('Authorization', user.authorization);

    expect(response.status).toBe(400);
    expect(errorFieldsOf(response.body)).toEqual(['to']);
  });

  it('export without token is 401', async () => {
    const response = await testApp.http.get('/v1/schedule-items.ics').query(WINDOW);

    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized');
  });
});

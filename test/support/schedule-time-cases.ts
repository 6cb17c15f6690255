import { registerUser, RegisteredUser } from './factories';
import { createScheduleItem, idsInWindow, ScheduleItemBody } from './schedule-items';
import { TestApp } from './test-app';

interface WindowCase {
  name: string;
  from: string;
  to: string;
  listed: boolean;
}

interface TimeCase {
  name: string;
  fields: Record<string, unknown>;
  /** The instants the server must store. */
  startsAt: string;
  endsAt: string;
  windows: WindowCase[];
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Items at the edges of the half-open window [from, to) and of local days:
 * time zones far east and west of UTC, daylight saving changes, a skipped
 * midnight, and items longer than the window.
 */
export const TIME_CASES: TimeCase[] = [
  {
    name: 'timed hour',
    fields: { startsAt: '2026-04-10T10:00:00Z', endsAt: '2026-04-10T11:00:00Z' },
    startsAt: '2026-04-10T10:00:00.000Z',
    endsAt: '2026-04-10T11:00:00.000Z',
    windows: [
      {
        name: 'ending at from',
        from: '2026-04-10T11:00:00Z',
        to: '2026-04-10T12:00:00Z',
        listed: false,
      },
      {
        name: 'starting at to',
        from: '2026-04-10T09:00:00Z',
        to: '2026-04-10T10:00:00Z',
        listed: false,
      },
      {
        name: 'last millisecond',
        from: '2026-04-10T10:59:59.999Z',
        to: '2026-04-10T12:00:00Z',
        listed: true,
      },
      {
        name: 'first millisecond',
        from: '2026-04-10T09:00:00Z',
        to: '2026-04-10T10:00:00.001Z',
        listed: true,
      },
      {
        name: 'same bounds',
        from: '2026-04-10T10:00:00Z',
        to: '2026-04-10T11:00:00Z',
        listed: true,
      },
      {
        name: 'offset window',
        from: '2026-04-10T12:30:00+02:00',
        to: '2026-04-10T13:00:00+02:00',
        listed: true,
      },
    ],
  },
  {
    // New Zealand daylight time, UTC+13: the local day starts the UTC day before.
    name: 'all-day Auckland',
    fields: {
      allDay: true,
      startDate: '2026-03-10',
      endDate: '2026-03-11',
      timeZone: 'Pacific/Auckland',
    },
    startsAt: '2026-03-09T11:00:00.000Z',
    endsAt: '2026-03-10T11:00:00.000Z',
    windows: [
      {
        name: 'UTC day of the date',
        from: '2026-03-10T00:00:00Z',
        to: '2026-03-11T00:00:00Z',
        listed: true,
      },
      {
        name: 'UTC day before',
        from: '2026-03-09T00:00:00Z',
        to: '2026-03-10T00:00:00Z',
        listed: true,
      },
      {
        name: 'after local midnight',
        from: '2026-03-10T11:00:00Z',
        to: '2026-03-11T00:00:00Z',
        listed: false,
      },
      {
        name: 'before local midnight',
        from: '2026-03-09T00:00:00Z',
        to: '2026-03-09T11:00:00Z',
        listed: false,
      },
    ],
  },
  {
    // Pacific daylight time, UTC-7: the local day ends in the next UTC day.
    name: 'all-day Los Angeles',
    fields: {
      allDay: true,
      startDate: '2026-03-10',
      endDate: '2026-03-11',
      timeZone: 'America/Los_Angeles',
    },
    startsAt: '2026-03-10T07:00:00.000Z',
    endsAt: '2026-03-11T07:00:00.000Z',
    windows: [
      {
        name: 'UTC day after',
        from: '2026-03-11T00:00:00Z',
        to: '2026-03-12T00:00:00Z',
        listed: true,
      },
      {
        name: 'after local midnight',
        from: '2026-03-11T07:00:00Z',
        to: '2026-03-12T00:00:00Z',
        listed: false,
      },
      {
        name: 'UTC morning of the date',
        from: '2026-03-10T00:00:00Z',
        to: '2026-03-10T07:00:00Z',
        listed: false,
      },
    ],
  },
  {
    // Clocks spring forward at 02:00 on 2026-03-08, so the day lasts 23 hours.
    name: 'all-day New York spring',
    fields: {
      allDay: true,
      startDate: '2026-03-08',
      endDate: '2026-03-09',
      timeZone: 'America/New_York',
    },
    startsAt: '2026-03-08T05:00:00.000Z',
    endsAt: '2026-03-09T04:00:00.000Z',
    windows: [
      {
        name: 'its 23rd hour',
        from: '2026-03-09T03:00:00Z',
        to: '2026-03-09T04:00:00Z',
        listed: true,
      },
      {
        name: 'a 24th hour',
        from: '2026-03-09T04:00:00Z',
        to: '2026-03-09T05:00:00Z',
        listed: false,
      },
    ],
  },
  {
    // Clocks fall back at 02:00 on 2026-11-01, so the day lasts 25 hours.
    name: 'all-day New York autumn',
    fields: {
      allDay: true,
      startDate: '2026-11-01',
      endDate: '2026-11-02',
      timeZone: 'America/New_York',
    },
    startsAt: '2026-11-01T04:00:00.000Z',
    endsAt: '2026-11-02T05:00:00.000Z',
    windows: [
      {
        name: 'its 25th hour',
        from: '2026-11-02T04:00:00Z',
        to: '2026-11-02T05:00:00Z',
        listed: true,
      },
      {
        name: 'a 26th hour',
        from: '2026-11-02T05:00:00Z',
        to: '2026-11-02T06:00:00Z',
        listed: false,
      },
    ],
  },
  {
    // Chile skips from 00:00 to 01:00 on 2026-09-06, so that day starts at 01:00 local time.
    name: 'all-day Santiago skipped midnight',
    fields: {
      allDay: true,
      startDate: '2026-09-06',
      endDate: '2026-09-07',
      timeZone: 'America/Santiago',
    },
    startsAt: '2026-09-06T04:00:00.000Z',
    endsAt: '2026-09-07T03:00:00.000Z',
    windows: [
      {
        name: 'hour before the day',
        from: '2026-09-06T03:00:00Z',
        to: '2026-09-06T04:00:00Z',
        listed: false,
      },
      {
        name: 'first hour',
        from: '2026-09-06T04:00:00Z',
        to: '2026-09-06T05:00:00Z',
        listed: true,
      },
    ],
  },
  {
    name: 'timed longer than window',
    fields: { startsAt: '2026-01-01T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' },
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-06-01T00:00:00.000Z',
    windows: [
      {
        name: 'inside the item',
        from: '2026-03-01T00:00:00Z',
        to: '2026-03-02T00:00:00Z',
        listed: true,
      },
      {
        name: 'covering the item',
        from: '2025-12-01T00:00:00Z',
        to: '2026-07-01T00:00:00Z',
        listed: true,
      },
    ],
  },
  {
    // The longest timed item: the window scan reaches back 367 days before from.
    name: 'timed 366 days',
    fields: { startsAt: '2025-03-01T00:00:00Z', endsAt: '2026-03-02T00:00:00Z' },
    startsAt: '2025-03-01T00:00:00.000Z',
    endsAt: '2026-03-02T00:00:00.000Z',
    windows: [
      {
        name: 'its last hour',
        from: '2026-03-01T23:00:00Z',
        to: '2026-03-02T01:00:00Z',
        listed: true,
      },
      {
        name: 'just after it',
        from: '2026-03-02T00:00:00Z',
        to: '2026-03-03T00:00:00Z',
        listed: false,
      },
    ],
  },
  {
    // 366 dates from daylight saving to standard time last 366 days and one hour.
    name: 'all-day 366 days across DST',
    fields: {
      allDay: true,
      startDate: '2027-11-06',
      endDate: '2028-11-06',
      timeZone: 'America/New_York',
    },
    startsAt: '2027-11-06T04:00:00.000Z',
    endsAt: '2028-11-06T05:00:00.000Z',
    windows: [
      {
        name: 'its last hour',
        from: '2028-11-06T04:30:00Z',
        to: '2028-11-06T05:30:00Z',
        listed: true,
      },
      {
        name: 'just after it',
        from: '2028-11-06T05:00:00Z',
        to: '2028-11-07T00:00:00Z',
        listed: false,
      },
    ],
  },
];

/** One row per window of every case: [case, window, from, to, listed]. */
export const WINDOW_ROWS: [string, string, string, string, boolean][] = TIME_CASES.flatMap(
  (timeCase) =>
    timeCase.windows.map((window): [string, string, string, string, boolean] => [
      timeCase.name,
      window.name,
      window.from,
      window.to,
      window.listed,
    ]),
);

/**
 * Defines the tests of the time case table on the app that start returns.
 * Each case is created once, then every window of it is listed.
 */
export function defineTimeCaseTests(start: () => Promise<TestApp>): void {
  let testApp: TestApp;
  let user: RegisteredUser;
  const created = new Map<string, ScheduleItemBody>();

  beforeAll(async () => {
    testApp = await start();
    user = await registerUser(testApp.http);
    for (const timeCase of TIME_CASES) {
      created.set(
        timeCase.name,
        await createScheduleItem(testApp.http, user, { title: timeCase.name, ...timeCase.fields }),
      );
    }
  });

  afterAll(async () => {
    await testApp.close();
  });

  it.each(TIME_CASES.map((timeCase) => [timeCase.name, timeCase] as const))(
    '%s stores its instants',
    (_name, timeCase) => {
      const item = created.get(timeCase.name);

      expect(item?.startsAt).toBe(timeCase.startsAt);
      expect(item?.endsAt).toBe(timeCase.endsAt);
    },
  );

  it.each(WINDOW_ROWS)('%s, window %s', async (caseName, _window, from, to, listed) => {
    const item = created.get(caseName) as ScheduleItemBody;

    const ids = await idsInWindow(testApp.http, user, from, to);

    expect(ids.includes(item.id)).toBe(listed);
  });

  it('DST days last 23 and 25 hours', () => {
    const hoursOf = (name: string) => {
      const item = created.get(name) as ScheduleItemBody;
      return (Date.parse(item.endsAt) - Date.parse(item.startsAt)) / HOUR_MS;
    };

    expect(hoursOf('all-day New York spring')).toBe(23);
    expect(hoursOf('all-day New York autumn')).toBe(25);
  });
}

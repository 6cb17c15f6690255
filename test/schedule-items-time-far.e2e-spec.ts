/**
 * @jest-environment ./test/support/far-time-zone-environment.ts
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PROCESS_TIME_ZONE } from './support/far-time-zone-environment';
import { defineTimeCaseTests } from './support/schedule-time-cases';
import { startTestApp, TestApp } from './support/test-app';

/** UTC-11: the session time zone of the database, on the other side of UTC from the process. */
const DATABASE_TIME_ZONE = 'Pacific/Pago_Pago';

/** Starts the app on a database whose sessions run at UTC-11. */
function startFarApp(): Promise<TestApp> {
  return startTestApp(
    {},
    {
      prepareDatabase: async (database) => {
        const client = new Client({ connectionString: database.url });
        await client.connect();
        try {
          await client.query(
            `ALTER DATABASE "${database.name}" SET timezone TO '${DATABASE_TIME_ZONE}'`,
          );
        } finally {
          await client.end();
        }
      },
    },
  );
}

describe('schedule item times far from UTC', () => {
  let sessionZoneApp: TestApp | undefined;

  afterAll(async () => {
    await sessionZoneApp?.close();
  });

  it('process runs at UTC+14', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(PROCESS_TIME_ZONE);
    expect(new Date('2026-03-10T00:00:00Z').getTimezoneOffset()).toBe(-14 * 60);
  });

  it('database session runs at UTC-11', async () => {
    sessionZoneApp = await startFarApp();

    const rows: { TimeZone: string }[] = await sessionZoneApp.app
      .get(DataSource)
      .query('SHOW TimeZone');

    expect(rows[0]?.TimeZone).toBe(DATABASE_TIME_ZONE);
  });

  defineTimeCaseTests(startFarApp);
});

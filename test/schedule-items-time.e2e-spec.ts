import { defineTimeCaseTests } from './support/schedule-time-cases';
import { startTestApp } from './support/test-app';

describe('schedule item times', () => {
  it('process runs in its usual time zone', () => {
    // Guards against this file silently sharing the far environment of its twin spec.
    expect(process.env.TZ).not.toBe('Pacific/Kiritimati');
  });

  defineTimeCaseTests(() => startTestApp());
});

import type { HttpRequest, RouteScenario } from './load';
import { SeededSchedule } from './seed-schedule';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Returns the window route: one week of one owner per request. Request n goes
 * to owner n mod the owner count, and each owner reads its weeks in turn,
 * starting from a week of its own, so the requests spread over every week
 * of the span.
 */
export function buildScheduleScenario(
  schedule: SeededSchedule,
  authorizationOf: (userId: string) => string,
): RouteScenario {
  const owners = schedule.ownerIds.map((id) => ({ id, authorization: authorizationOf(id) }));
  if (owners.length === 0 || schedule.weeks === 0) {
    throw new Error('The seed made no schedule owner or no week to read.');
  }
  let counter = 0;

  return {
    key: 'scheduleWeek',
    label: 'GET /v1/schedule-items?from=&to= (one week)',
    kind: 'read',
    next: () => {
      const number = counter++;
      const ownerIndex = number % owners.length;
      const owner = owners[ownerIndex] as (typeof owners)[number];
      const week = (ownerIndex * 7 + Math.floor(number / owners.length)) % schedule.weeks;
      const from = new Date(schedule.firstWeekStart.getTime() + week * WEEK_MS);
      const to = new Date(from.getTime() + WEEK_MS);
      return {
        method: 'GET',
        path: `/v1/schedule-items?from=${instant(from)}&to=${instant(to)}`,
        headers: { authorization: owner.authorization },
      };
    },
    findBodyProblem: (_request: HttpRequest, body: unknown) => {
      const data = (body as { data?: unknown }).data;
      return Array.isArray(data) && data.length > 0
        ? undefined
        : 'a week of a seeded owner should hold items, but data is empty or missing';
    },
  };
}

/** Formats an instant as 2026-03-02T00:00:00Z. */
function instant(value: Date): string {
  return value.toISOString().replace('.000Z', 'Z');
}

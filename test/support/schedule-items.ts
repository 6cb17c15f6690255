import TestAgent from 'supertest/lib/agent';
import { RegisteredUser } from './factories';

export interface ScheduleItemBody {
  id: string;
  title: string;
  notes: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  startDate: string | null;
  endDate: string | null;
  timeZone: string;
  visibility: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type ScheduleQuery = Record<string, string | number | boolean>;

/** A timed hour on 2026-03-02 in UTC, the default of createScheduleItem. */
export const DEFAULT_TIMES = {
  startsAt: '2026-03-02T09:00:00Z',
  endsAt: '2026-03-02T10:00:00Z',
};

/** Creates a schedule item as the user and fails loudly on any status but 201. */
export async function createScheduleItem(
  http: TestAgent,
  user: RegisteredUser,
  fields: Record<string, unknown> = {},
): Promise<ScheduleItemBody> {
  const allDay = fields.allDay === true;
  const response = await http
    .post('/v1/schedule-items')
    .set('Authorization', user.authorization)
    .send({ title: 'Meeting', ...(allDay ? {} : DEFAULT_TIMES), ...fields });
  if (response.status !== 201) {
    throw new Error(
      `create schedule item failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as ScheduleItemBody;
}

/** Lists schedule items as the user with the given query, failing loudly on any status but 200. */
export async function listScheduleItems(
  http: TestAgent,
  user: RegisteredUser,
  query: ScheduleQuery,
): Promise<{ data: Record<string, unknown>[]; nextCursor: string | null }> {
  const response = await http
    .get('/v1/schedule-items')
    .query(query)
    .set('Authorization', user.authorization);
  if (response.status !== 200) {
    throw new Error(
      `list schedule items failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as { data: Record<string, unknown>[]; nextCursor: string | null };
}

/** Follows nextCursor from the first page to the last and returns every item in order. */
export async function listAllScheduleItems(
  http: TestAgent,
  user: RegisteredUser,
  query: ScheduleQuery,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = await listScheduleItems(
      http,
      user,
      cursor === null ? query : { ...query, cursor },
    );
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

/** Returns the ids the window [from, to) lists for the user, across every page. */
export async function idsInWindow(
  http: TestAgent,
  user: RegisteredUser,
  from: string,
  to: string,
): Promise<string[]> {
  const items = await listAllScheduleItems(http, user, { from, to });
  return items.map((item) => item.id as string);
}

/** Returns the fields named by the errors of a validation_failed body. */
export function errorFieldsOf(body: { errors?: { field: string }[] }): string[] {
  return (body.errors ?? []).map((error) => error.field);
}

import { Client } from 'pg';
import { Dataset } from './options';
import { userIdSql } from './seed-ids';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** The seeded schedule items and the one-week windows that the window route reads. */
export interface SeededSchedule {
  /** Users 1 to scheduleOwners, in that order. */
  ownerIds: string[];
  /** Monday 00:00 UTC on or before the first day of the span. */
  firstWeekStart: Date;
  /** Whole weeks in the span; week w starts firstWeekStart + w weeks. */
  weeks: number;
  mix: ScheduleMix;
}

/** Shares of the seeded schedule items, for the results page. */
export interface ScheduleMix {
  total: number;
  allDay: number;
  deleted: number;
}

/**
 * One statement for every item of every owner, rows in created_at order as
 * for todos. Owner o's item n falls on day floor((n - 1 + random) * span /
 * items) of the span, so every week contains about items * 7 / span items of
 * each owner. The day is read in the owner's time zone. Of the items, 12% are
 * all-day items of 1 to 3 days and 3% timed items of 1 to 3 days. The rest are
 * timed items of 30 minutes to 3 hours starting between 07:00 and 19:45 local
 * time. Visibility private/busy/friends is 50/30/20%, 25% have notes, 40% a
 * location, and 3% are soft-deleted.
 */
const INSERT_SCHEDULE_ITEMS_SQL = `
  INSERT INTO schedule_items (owner_id, title, notes, location, starts_at, ends_at, all_day,
                              start_date, end_date, time_zone, visibility, created_at, updated_at,
                              version, deleted_at)
  SELECT owner_id, title, notes, location, starts_at, ends_at, all_day, start_date, end_date,
         time_zone, visibility, created_at, updated_at, version,
         CASE WHEN r_deleted < 0.03 THEN updated_at END
  FROM (
    SELECT *, least(created_at + r_updated * interval '14 days', now()) AS updated_at
    FROM (
      SELECT *, least(starts_at - r_created * interval '60 days', now()) AS created_at
      FROM (
        SELECT owner_id, time_zone, r_deleted, r_created, r_updated,
               'Item ' || n || ': ' || left('Team standup, dentist appointment, lunch with Sam, gym, review the quarterly plan', 6 + floor(r_title * 60)::int) AS title,
               CASE WHEN r_notes < 0.25 THEN 'Notes for item ' || n || ': bring the documents.' END AS notes,
               CASE WHEN r_location < 0.4 THEN (ARRAY['Office', 'Home', 'Cafe Central', 'Room 4.12', 'Online'])[1 + floor(r_location * 12.5)::int] END AS location,
               r_kind < 0.12 AS all_day,
               CASE WHEN r_kind < 0.12 THEN local_date END AS start_date,
               CASE WHEN r_kind < 0.12 THEN local_date + 1 + floor(r_length * 3)::int END AS end_date,
               CASE WHEN r_kind < 0.12 THEN local_date::timestamp AT TIME ZONE time_zone
                    ELSE local_start AT TIME ZONE time_zone END AS starts_at,
               CASE WHEN r_kind < 0.12 THEN (local_date + 1 + floor(r_length * 3)::int)::timestamp AT TIME ZONE time_zone
                    WHEN r_kind < 0.15 THEN (local_start + (1 + floor(r_length * 3)) * interval '1 day') AT TIME ZONE time_zone
                    ELSE (local_start + (2 + floor(r_length * 11)) * interval '15 minutes') AT TIME ZONE time_zone END AS ends_at,
               CASE WHEN r_visibility < 0.5 THEN 'private' WHEN r_visibility < 0.8 THEN 'busy' ELSE 'friends' END AS visibility,
               1 + floor(r_version * 3)::int AS version
        FROM (
          SELECT *, local_date + interval '7 hours' + floor(r_time * 52) * interval '15 minutes' AS local_start
          FROM (
            SELECT ${userIdSql('o')} AS owner_id, n,
                   (ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'UTC'])[1 + o % 4] AS time_zone,
                   $3::date + floor((n - 1 + random()) * $4::int / $2::int)::int AS local_date,
                   random() AS r_kind, random() AS r_length, random() AS r_time, random() AS r_title,
                   random() AS r_notes, random() AS r_location, random() AS r_visibility,
                   random() AS r_version, random() AS r_created, random() AS r_updated, random() AS r_deleted
            FROM generate_series(1, $1::int) AS o CROSS JOIN generate_series(1, $2::int) AS n
          ) AS drawn
        ) AS placed
      ) AS timed
    ) AS created
  ) AS updated
  ORDER BY created_at`;

const INSERT_SYNC_CLOCKS_SQL = `
  INSERT INTO sync_clocks (owner_id, collection, changed_at)
  SELECT owner_id, 'schedule_items', max(updated_at) FROM schedule_items GROUP BY owner_id`;

const SELECT_OWNERS_SQL = `
  SELECT ${userIdSql('o')} AS id FROM generate_series(1, $1::int) AS o ORDER BY o`;

const SELECT_MIX_SQL = `
  SELECT count(*)::int AS total,
         (count(*) FILTER (WHERE all_day))::int AS all_day,
         (count(*) FILTER (WHERE deleted_at IS NOT NULL))::int AS deleted
  FROM schedule_items`;

/**
 * Inserts the schedule items of users 1 to dataset.scheduleOwners inside the
 * caller's transaction. The span starts half its length before the Monday
 * of the current week, so about half of the items lie in the past.
 */
export async function seedScheduleItems(
  client: Client,
  dataset: Dataset,
  now: Date,
): Promise<Omit<SeededSchedule, 'mix'>> {
  const weeks = Math.floor(dataset.scheduleSpanDays / 7);
  const firstWeekStart = new Date(startOfUtcWeek(now).getTime() - Math.floor(weeks / 2) * WEEK_MS);

  await client.query(INSERT_SCHEDULE_ITEMS_SQL, [
    dataset.scheduleOwners,
    dataset.itemsPerOwner,
    firstWeekStart.toISOString().slice(0, 10),
    weeks * 7,
  ]);
  await client.query(INSERT_SYNC_CLOCKS_SQL);

  const owners = await client.query<{ id: string }>(SELECT_OWNERS_SQL, [dataset.scheduleOwners]);
  return { ownerIds: owners.rows.map((row) => row.id), firstWeekStart, weeks };
}

export async function selectScheduleMix(client: Client): Promise<ScheduleMix> {
  const result = await client.query<{ total: number; all_day: number; deleted: number }>(
    SELECT_MIX_SQL,
  );
  const row = result.rows[0];
  if (row === undefined) {
    throw new Error('Counting the seeded schedule items returned no row.');
  }
  return { total: row.total, allDay: row.all_day, deleted: row.deleted };
}

/** Returns Monday 00:00 UTC of the week that contains the instant. */
function startOfUtcWeek(instant: Date): Date {
  const midnight = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  // getUTCDay counts from Sunday (0), so Monday is 1 day after the start.
  const daysSinceMonday = (instant.getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

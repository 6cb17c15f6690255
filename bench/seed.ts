import { Client } from 'pg';
import { Dataset } from './options';
import { withClient } from './postgres';
import { seedFriendships, SeededFriendships, selectFriendshipMix } from './seed-friendships';
import { sessionIdSql, userIdSql } from './seed-ids';
import { SeededSchedule, seedScheduleItems, selectScheduleMix } from './seed-schedule';

/** A seeded user whose session is active, with live todos to read and patch. */
export interface BenchUser {
  id: string;
  sessionId: string;
  /** Up to TARGET_TODOS_PER_USER live todos of the user. */
  todoIds: string[];
}

/** Shares of the seeded todos, for the results page. */
export interface TodoMix {
  total: number;
  completed: number;
  dueAt: number;
  dueDate: number;
  deleted: number;
  /** Count per priority 0 to 3. */
  priorities: number[];
}

export interface SeededDataset {
  /** Every user with a session, ordered by id. */
  users: BenchUser[];
  mix: TodoMix;
  schedule: SeededSchedule;
  friendships: SeededFriendships;
  /** Wall-clock seconds of the inserts, without ANALYZE. */
  insertSeconds: number;
  /** Wall-clock seconds of each part of the inserts. */
  insertStepSeconds: InsertStepSeconds;
  analyzeSeconds: number;
}

export interface InsertStepSeconds {
  /** Users, profiles, sessions, todos and their sync clocks. */
  usersAndTodos: number;
  scheduleItems: number;
  friendships: number;
}

const TARGET_TODOS_PER_USER = 5;

// Not the hash of any password: the benchmark never logs in, so the column only needs a value.
const PLACEHOLDER_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtc2VlZA$bm90LWEtcmVhbC1oYXNoLWZvci1iZW5jaA';

const INSERT_USERS_SQL = `
  INSERT INTO users (id, email, password_hash, created_at, updated_at)
  SELECT ${userIdSql('i')}, 'bench-user-' || i || '@example.com', $2,
         now() - interval '400 days', now() - interval '400 days'
  FROM generate_series(1, $1::int) AS i`;

/** A third of the profiles have a bio and half an avatar, which the friends list returns. */
const INSERT_PROFILES_SQL = `
  INSERT INTO profiles (id, username, display_name, bio, avatar_url, time_zone, locale,
                        created_at, updated_at)
  SELECT ${userIdSql('i')}, 'bench_user_' || i, 'Bench User ' || i,
         CASE WHEN i % 3 = 0 THEN 'Plans the week on Sundays and likes long walks.' END,
         CASE WHEN i % 2 = 0 THEN 'https://avatars.example.com/bench-user-' || i || '.png' END,
         (ARRAY['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', NULL])[1 + i % 4],
         (ARRAY['de-DE', 'en-US', 'ja-JP', NULL])[1 + i % 4],
         now() - interval '400 days', now() - interval '400 days'
  FROM generate_series(1, $1::int) AS i`;

const INSERT_SESSIONS_SQL = `
  INSERT INTO sessions (id, user_id, created_at, updated_at)
  SELECT ${sessionIdSql('i')}, ${userIdSql('i')}, now() - interval '1 day', now() - interval '1 day'
  FROM generate_series(1, $1::int) AS i`;

/**
 * One statement for every todo. Each row draws its own random numbers in the
 * inner query, and rows go in by created_at, so a user's todos are spread
 * over the table as a year of use by everyone would spread them. The mix:
 * about 30% completed, 40% due at an instant, 15% due on a date, the rest
 * undated, priorities 0 to 3 at 50/25/15/10%, 20% visible to friends, 30%
 * with notes and 2% soft-deleted.
 */
const INSERT_TODOS_SQL = `
  INSERT INTO todos (owner_id, title, notes, completed_at, due_at, due_date, priority,
                     visibility, created_at, updated_at, version, deleted_at)
  SELECT owner_id,
         'Todo ' || n || ': ' || left('Plan the week, water the plants, call the bank about the card, book the flights home', 8 + floor(r_title * 70)::int),
         CASE WHEN r_notes < 0.3 THEN 'Notes for todo ' || n || ', written while planning.' END,
         CASE WHEN r_done < 0.3 THEN updated_at END,
         CASE WHEN r_due < 0.4 THEN created_at + r_due_offset * interval '60 days' END,
         CASE WHEN r_due >= 0.4 AND r_due < 0.55 THEN (created_at + r_due_offset * interval '60 days')::date END,
         CASE WHEN r_priority < 0.5 THEN 0 WHEN r_priority < 0.75 THEN 1 WHEN r_priority < 0.9 THEN 2 ELSE 3 END,
         CASE WHEN r_visibility < 0.8 THEN 'private' ELSE 'friends' END,
         created_at,
         updated_at,
         1 + floor(r_version * 4)::int,
         CASE WHEN r_deleted < 0.02 THEN updated_at END
  FROM (
    SELECT owner_id, n, created_at,
           least(created_at + random() * interval '30 days', now()) AS updated_at,
           random() AS r_title, random() AS r_notes, random() AS r_done, random() AS r_due,
           random() AS r_due_offset, random() AS r_priority, random() AS r_visibility,
           random() AS r_version, random() AS r_deleted
    FROM (
      SELECT ${userIdSql('u')} AS owner_id, n, now() - random() * interval '365 days' AS created_at
      FROM generate_series(1, $1::int) AS u CROSS JOIN generate_series(1, $2::int) AS n
    ) AS base
  ) AS drawn
  ORDER BY created_at`;

/** Every owner that has written todos has a sync clock at their latest change. */
const INSERT_SYNC_CLOCKS_SQL = `
  INSERT INTO sync_clocks (owner_id, collection, changed_at)
  SELECT owner_id, 'todos', max(updated_at) FROM todos GROUP BY owner_id`;

const SELECT_USERS_SQL = `
  SELECT s.user_id AS id, s.id AS session_id,
         coalesce(array_agg(t.id ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL), '{}') AS todo_ids
  FROM sessions s
  LEFT JOIN LATERAL (
    SELECT id FROM todos
    WHERE owner_id = s.user_id AND deleted_at IS NULL
    ORDER BY created_at DESC
    LIMIT ${TARGET_TODOS_PER_USER}
  ) t ON true
  WHERE s.revoked_at IS NULL
  GROUP BY s.user_id, s.id
  ORDER BY s.user_id`;

const SELECT_MIX_SQL = `
  SELECT count(*)::int AS total,
         (count(*) FILTER (WHERE completed_at IS NOT NULL))::int AS completed,
         (count(*) FILTER (WHERE due_at IS NOT NULL))::int AS due_at,
         (count(*) FILTER (WHERE due_date IS NOT NULL))::int AS due_date,
         (count(*) FILTER (WHERE deleted_at IS NOT NULL))::int AS deleted,
         ARRAY[(count(*) FILTER (WHERE priority = 0))::int, (count(*) FILTER (WHERE priority = 1))::int,
               (count(*) FILTER (WHERE priority = 2))::int, (count(*) FILTER (WHERE priority = 3))::int] AS priorities
  FROM todos`;

/**
 * Seeds a migrated, empty database with set-based SQL in one transaction:
 * users and profiles, one active session for each user that sends requests,
 * todos, schedule items, friendships, blocks and sync clocks. The random seed
 * is fixed, so every run draws the same values, row ids aside. Then ANALYZE,
 * so the planner has statistics of the real tables.
 */
export async function seedDataset(url: string, dataset: Dataset): Promise<SeededDataset> {
  const sessionUsers = Math.max(dataset.todoUsers, dataset.scheduleOwners, dataset.friendHubs);
  if (sessionUsers > dataset.users) {
    throw new Error(
      `Dataset ${dataset.name} has ${dataset.users} users, fewer than the ${sessionUsers} that send requests.`,
    );
  }

  return withClient(url, async (client) => {
    const insertStarted = performance.now();
    let stepStarted = insertStarted;
    const stepSeconds = (): number => {
      const now = performance.now();
      const seconds = (now - stepStarted) / 1000;
      stepStarted = now;
      return seconds;
    };

    await client.query('BEGIN');
    let schedule: Omit<SeededSchedule, 'mix'>;
    let friendships: Omit<SeededFriendships, 'mix'>;
    let insertStepSeconds: InsertStepSeconds;
    try {
      // Sorting a million rows by created_at fits in memory with this work_mem.
      await client.query(`SET LOCAL work_mem = '256MB'`);
      await client.query('SELECT setseed(0.42)');
      await client.query(INSERT_USERS_SQL, [dataset.users, PLACEHOLDER_PASSWORD_HASH]);
      await client.query(INSERT_PROFILES_SQL, [dataset.users]);
      await client.query(INSERT_SESSIONS_SQL, [sessionUsers]);
      await client.query(INSERT_TODOS_SQL, [dataset.todoUsers, dataset.todosPerUser]);
      await client.query(INSERT_SYNC_CLOCKS_SQL);
      const usersAndTodos = stepSeconds();
      schedule = await seedScheduleItems(client, dataset, new Date());
      const scheduleItems = stepSeconds();
      friendships = await seedFriendships(client, dataset);
      insertStepSeconds = { usersAndTodos, scheduleItems, friendships: stepSeconds() };
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
    const insertSeconds = (performance.now() - insertStarted) / 1000;

    const analyzeStarted = performance.now();
    await client.query('ANALYZE');
    const analyzeSeconds = (performance.now() - analyzeStarted) / 1000;

    return {
      users: await selectUsers(client),
      mix: await selectMix(client),
      schedule: { ...schedule, mix: await selectScheduleMix(client) },
      friendships: { ...friendships, mix: await selectFriendshipMix(client) },
      insertSeconds,
      insertStepSeconds,
      analyzeSeconds,
    };
  });
}

async function selectUsers(client: Client): Promise<BenchUser[]> {
  const result = await client.query<{ id: string; session_id: string; todo_ids: string[] }>(
    SELECT_USERS_SQL,
  );
  return result.rows.map((row) => ({
    id: row.id,
    sessionId: row.session_id,
    todoIds: row.todo_ids,
  }));
}

async function selectMix(client: Client): Promise<TodoMix> {
  const result = await client.query<{
    total: number;
    completed: number;
    due_at: number;
    due_date: number;
    deleted: number;
    priorities: number[];
  }>(SELECT_MIX_SQL);
  const row = result.rows[0];
  if (row === undefined) {
    throw new Error('Counting the seeded todos returned no row.');
  }
  return {
    total: row.total,
    completed: row.completed,
    dueAt: row.due_at,
    dueDate: row.due_date,
    deleted: row.deleted,
    priorities: row.priorities,
  };
}

import { Client } from 'pg';
import { Dataset } from './options';
import { userIdSql } from './seed-ids';

/** A hub user, whose friends list and relationships the benchmark reads, by the others' state. */
export interface HubRelations {
  id: string;
  /** Accepted, half requested by the hub and half by the friend. */
  friends: string[];
  /** Pending requests from the hub. */
  pendingOutgoing: string[];
  /** Pending requests to the hub. */
  pendingIncoming: string[];
  /** Requests to the hub that the hub declined. */
  declined: string[];
  /** Users the hub blocks, with no friendship. */
  blocked: string[];
  /** Live users with no friendship or block with the hub. */
  strangers: string[];
}

export interface SeededFriendships {
  hubs: HubRelations[];
  mix: FriendshipMix;
}

/** Counts of the seeded friendships and blocks, for the results page. */
export interface FriendshipMix {
  accepted: number;
  pending: number;
  declined: number;
  /** Ended friendships, soft-deleted. */
  ended: number;
  blocks: number;
}

/** The hub's others besides its friends, in this order after the friends. */
const OTHERS_PER_HUB = {
  pendingOutgoing: 20,
  pendingIncoming: 20,
  declined: 10,
  blocked: 10,
  strangers: 200,
} as const;

/**
 * Multiplier of k in the other-user formula. It must share no factor with
 * the number of non-hub users, so that k = 0, 1, 2 ... map to distinct users.
 */
const OTHER_STRIDE = 197;

/**
 * The number of hub h's kth other user: a non-hub user, from $1 + 1 to $2.
 * $1 is the hub count and $2 the user count. The offset h * 1009 starts each
 * hub elsewhere in the users, so hubs share few friends.
 */
const hubOtherNumberSql = (h: string, k: string): string =>
  `($1::int + 1 + ((${h} * 1009 + ${k} * ${OTHER_STRIDE}) % ($2::int - $1::int)))`;

/**
 * Friendships of every hub h with its others k: accepted for k < $3 (even k
 * requested by the hub), pending from the hub for k < $4, pending to the hub
 * for k < $5, and declined by the hub for k < $6. Friendships are up to a
 * year old, requests up to 30 days, and responses come within 3 days.
 */
const INSERT_HUB_FRIENDSHIPS_SQL = `
  INSERT INTO friendships (requester_id, addressee_id, status, responded_at, created_at,
                           updated_at, version)
  SELECT CASE WHEN from_hub THEN hub_id ELSE other_id END,
         CASE WHEN from_hub THEN other_id ELSE hub_id END,
         status, responded_at, created_at, coalesce(responded_at, created_at),
         CASE WHEN status = 'pending' THEN 1 ELSE 2 END
  FROM (
    SELECT *, CASE WHEN status <> 'pending' THEN least(created_at + r_responded * interval '3 days', now()) END AS responded_at
    FROM (
      SELECT ${userIdSql('h')} AS hub_id, ${userIdSql(hubOtherNumberSql('h', 'k'))} AS other_id,
             CASE WHEN k < $3 THEN 'accepted' WHEN k < $5 THEN 'pending' ELSE 'declined' END AS status,
             CASE WHEN k < $3 THEN k % 2 = 0 ELSE k < $4 END AS from_hub,
             now() - random() * CASE WHEN k < $3 THEN interval '365 days' ELSE interval '30 days' END AS created_at,
             random() AS r_responded
      FROM generate_series(1, $1::int) AS h CROSS JOIN generate_series(0, $6::int - 1) AS k
    ) AS drawn
  ) AS answered
  ORDER BY created_at`;

/** Blocks by every hub h on its others k from $3 to $4 - 1. */
const INSERT_HUB_BLOCKS_SQL = `
  INSERT INTO blocks (blocker_id, blocked_id, created_at, updated_at)
  SELECT ${userIdSql('h')}, ${userIdSql(hubOtherNumberSql('h', 'k'))}, created_at, created_at
  FROM (
    SELECT h, k, now() - random() * interval '365 days' AS created_at
    FROM generate_series(1, $1::int) AS h CROSS JOIN generate_series($3::int, $4::int - 1) AS k
  ) AS drawn`;

/**
 * Relationships among the non-hub users $1 + 1 to $2, so that the tables hold
 * more than the hubs' rows. User u relates to the users d = 1 to 5 places
 * after it, counted around the non-hub users: accepted friends for d = 1
 * and 2, a pending request for d = 3, a declined one for d = 4 (a third of
 * users) and an ended friendship for d = 5 (a quarter of users).
 */
const INSERT_OTHER_FRIENDSHIPS_SQL = `
  INSERT INTO friendships (requester_id, addressee_id, status, responded_at, created_at,
                           updated_at, version, deleted_at)
  SELECT ${userIdSql('u')}, ${userIdSql('v')}, status, responded_at, created_at,
         coalesce(deleted_at, responded_at, created_at),
         CASE WHEN status = 'pending' THEN 1 WHEN deleted_at IS NULL THEN 2 ELSE 3 END,
         deleted_at
  FROM (
    SELECT *, CASE WHEN d = 5 THEN least(responded_at + interval '30 days', now()) END AS deleted_at
    FROM (
      SELECT *, CASE WHEN status <> 'pending' THEN least(created_at + r_responded * interval '3 days', now()) END AS responded_at
      FROM (
        SELECT u, d, $1::int + 1 + ((u - $1::int - 1 + d) % ($2::int - $1::int)) AS v,
               CASE WHEN d IN (1, 2, 5) THEN 'accepted' WHEN d = 3 THEN 'pending' ELSE 'declined' END AS status,
               now() - random() * interval '365 days' AS created_at,
               random() AS r_responded
        FROM generate_series($1::int + 1, $2::int) AS u CROSS JOIN generate_series(1, 5) AS d
        WHERE d <= 3 OR (d = 4 AND u % 3 = 0) OR (d = 5 AND u % 4 = 0)
      ) AS drawn
    ) AS answered
  ) AS ended
  ORDER BY created_at`;

/** Every tenth non-hub user blocks the user 6 places after it. */
const INSERT_OTHER_BLOCKS_SQL = `
  INSERT INTO blocks (blocker_id, blocked_id, created_at, updated_at)
  SELECT ${userIdSql('u')}, ${userIdSql('$1::int + 1 + ((u - $1::int - 1 + 6) % ($2::int - $1::int))')}, created_at, created_at
  FROM (
    SELECT u, now() - random() * interval '365 days' AS created_at
    FROM generate_series($1::int + 1, $2::int) AS u
    WHERE u % 10 = 0
  ) AS drawn`;

/** Each hub's others, in k order. */
const SELECT_HUB_OTHERS_SQL = `
  SELECT ${userIdSql('h')} AS id,
         array_agg(${userIdSql(hubOtherNumberSql('h', 'k'))} ORDER BY k) AS others
  FROM generate_series(1, $1::int) AS h CROSS JOIN generate_series(0, $3::int - 1) AS k
  GROUP BY h
  ORDER BY h`;

const SELECT_MIX_SQL = `
  SELECT (count(*) FILTER (WHERE deleted_at IS NULL AND status = 'accepted'))::int AS accepted,
         (count(*) FILTER (WHERE deleted_at IS NULL AND status = 'pending'))::int AS pending,
         (count(*) FILTER (WHERE deleted_at IS NULL AND status = 'declined'))::int AS declined,
         (count(*) FILTER (WHERE deleted_at IS NOT NULL))::int AS ended,
         (SELECT count(*) FROM blocks)::int AS blocks
  FROM friendships`;

/**
 * Inserts friendships and blocks inside the caller's transaction: for each
 * of the users 1 to dataset.friendHubs, friendsPerHub friends and the others
 * of OTHERS_PER_HUB, and among the remaining users the relationships of
 * INSERT_OTHER_FRIENDSHIPS_SQL. Returns who is what to each hub.
 */
export async function seedFriendships(
  client: Client,
  dataset: Dataset,
): Promise<Omit<SeededFriendships, 'mix'>> {
  const bounds = categoryBounds(dataset.friendsPerHub);
  const nonHubUsers = dataset.users - dataset.friendHubs;
  if (nonHubUsers < bounds.strangers || greatestCommonDivisor(OTHER_STRIDE, nonHubUsers) !== 1) {
    throw new Error(
      `Dataset ${dataset.name} needs at least ${bounds.strangers} users besides its ` +
        `${dataset.friendHubs} hubs, and a count of them that ${OTHER_STRIDE} does not divide; ` +
        `it has ${nonHubUsers}.`,
    );
  }
  const counts = [dataset.friendHubs, dataset.users];

  await client.query(INSERT_HUB_FRIENDSHIPS_SQL, [
    ...counts,
    bounds.friends,
    bounds.pendingOutgoing,
    bounds.pendingIncoming,
    bounds.declined,
  ]);
  await client.query(INSERT_HUB_BLOCKS_SQL, [...counts, bounds.declined, bounds.blocked]);
  await client.query(INSERT_OTHER_FRIENDSHIPS_SQL, counts);
  await client.query(INSERT_OTHER_BLOCKS_SQL, counts);

  const result = await client.query<{ id: string; others: string[] }>(SELECT_HUB_OTHERS_SQL, [
    ...counts,
    bounds.strangers,
  ]);
  return {
    hubs: result.rows.map((row) => ({
      id: row.id,
      friends: row.others.slice(0, bounds.friends),
      pendingOutgoing: row.others.slice(bounds.friends, bounds.pendingOutgoing),
      pendingIncoming: row.others.slice(bounds.pendingOutgoing, bounds.pendingIncoming),
      declined: row.others.slice(bounds.pendingIncoming, bounds.declined),
      blocked: row.others.slice(bounds.declined, bounds.blocked),
      strangers: row.others.slice(bounds.blocked, bounds.strangers),
    })),
  };
}

export async function selectFriendshipMix(client: Client): Promise<FriendshipMix> {
  const result = await client.query<FriendshipMix>(SELECT_MIX_SQL);
  const row = result.rows[0];
  if (row === undefined) {
    throw new Error('Counting the seeded friendships returned no row.');
  }
  return row;
}

/** Returns the end (exclusive) of each category's range of k. */
function categoryBounds(friends: number): Record<keyof Omit<HubRelations, 'id'>, number> {
  const pendingOutgoing = friends + OTHERS_PER_HUB.pendingOutgoing;
  const pendingIncoming = pendingOutgoing + OTHERS_PER_HUB.pendingIncoming;
  const declined = pendingIncoming + OTHERS_PER_HUB.declined;
  const blocked = declined + OTHERS_PER_HUB.blocked;
  const strangers = blocked + OTHERS_PER_HUB.strangers;
  return { friends, pendingOutgoing, pendingIncoming, declined, blocked, strangers };
}

function greatestCommonDivisor(first: number, second: number): number {
  return second === 0 ? first : greatestCommonDivisor(second, first % second);
}

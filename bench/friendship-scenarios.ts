import { randomUUID } from 'node:crypto';
import type { HttpRequest, RouteScenario } from './load';
import { HubRelations, SeededFriendships } from './seed-friendships';

/** The default page size of GET /v1/friendships. */
const DEFAULT_PAGE_LIMIT = 50;

/** Distinct id lists per hub; request n uses list floor(n / hubs) mod this of hub n mod hubs. */
const ID_LISTS_PER_HUB = 5;

/**
 * The 100 ids of one relationships request, by what they are to the hub.
 * Declined requests and unknown ids return none, and blocked users return
 * none with blocking true.
 */
const IDS_PER_REQUEST = {
  friends: 40,
  pendingOutgoing: 10,
  pendingIncoming: 10,
  declined: 5,
  blocked: 5,
  strangers: 25,
  unknown: 5,
} as const;

/** A step that shares no factor with 100, so that position i * step mod 100 visits every position once. */
const SHUFFLE_STEP = 37;

interface ExpectedRelationship {
  userId: string;
  friendship: 'none' | 'pending_outgoing' | 'pending_incoming' | 'accepted';
  blocking: boolean;
}

/**
 * Returns the friends list of a hub (default page, accepted friends) and
 * the relationships of a hub to 100 ids, both rotating through the hubs.
 */
export function buildFriendshipScenarios(
  friendships: SeededFriendships,
  authorizationOf: (userId: string) => string,
): RouteScenario[] {
  const hubs = friendships.hubs.map((hub) => ({ hub, authorization: authorizationOf(hub.id) }));
  if (hubs.length === 0) {
    throw new Error('The seed made no user with friends.');
  }

  // Built once, so that the load generator only picks one per request.
  const lookups: { request: HttpRequest; expected: ExpectedRelationship[] }[] = [];
  for (let list = 0; list < ID_LISTS_PER_HUB; list += 1) {
    for (const { hub, authorization } of hubs) {
      const expected = expectedRelationships(hub, list);
      const ids = expected.map((entry) => entry.userId).join(',');
      lookups.push({
        request: {
          method: 'GET',
          path: `/v1/relationships?ids=${ids}`,
          headers: { authorization },
        },
        expected,
      });
    }
  }
  const expectedByPath = new Map(lookups.map((lookup) => [lookup.request.path, lookup.expected]));

  let friendsCounter = 0;
  let lookupCounter = 0;
  return [
    {
      key: 'friends',
      label: 'GET /v1/friendships',
      kind: 'read',
      next: () => {
        const entry = hubs[friendsCounter++ % hubs.length] as (typeof hubs)[number];
        return {
          method: 'GET',
          path: '/v1/friendships',
          headers: { authorization: entry.authorization },
        };
      },
      findBodyProblem: (_request, body) => {
        const page = body as { data?: unknown; nextCursor?: unknown };
        const full = Array.isArray(page.data) && page.data.length === DEFAULT_PAGE_LIMIT;
        return full && typeof page.nextCursor === 'string'
          ? undefined
          : `a hub has more than ${DEFAULT_PAGE_LIMIT} friends, so the first page should be full and have a nextCursor`;
      },
    },
    {
      key: 'relationships',
      label: `GET /v1/relationships?ids= (${expectedCount()} ids)`,
      kind: 'read',
      next: () => (lookups[lookupCounter++ % lookups.length] as (typeof lookups)[number]).request,
      findBodyProblem: (request, body) =>
        findRelationshipProblem(expectedByPath.get(request.path) ?? [], body),
    },
  ];
}

/**
 * Picks the ids of list number `list` of a hub, a different slice of each
 * category per list, in a fixed shuffled order, with the relationship each should return.
 */
function expectedRelationships(hub: HubRelations, list: number): ExpectedRelationship[] {
  const slice = (users: string[], count: number): string[] => {
    if (users.length < count) {
      throw new Error(`Hub ${hub.id} has ${users.length} users of a kind, fewer than ${count}.`);
    }
    return Array.from({ length: count }, (_, index) => {
      return users[(list * count + index) % users.length] as string;
    });
  };
  const entries = (
    users: string[],
    friendship: ExpectedRelationship['friendship'],
    blocking = false,
  ): ExpectedRelationship[] => users.map((userId) => ({ userId, friendship, blocking }));

  const ordered = [
    ...entries(slice(hub.friends, IDS_PER_REQUEST.friends), 'accepted'),
    ...entries(slice(hub.pendingOutgoing, IDS_PER_REQUEST.pendingOutgoing), 'pending_outgoing'),
    ...entries(slice(hub.pendingIncoming, IDS_PER_REQUEST.pendingIncoming), 'pending_incoming'),
    ...entries(slice(hub.declined, IDS_PER_REQUEST.declined), 'none'),
    ...entries(slice(hub.blocked, IDS_PER_REQUEST.blocked), 'none', true),
    ...entries(slice(hub.strangers, IDS_PER_REQUEST.strangers), 'none'),
    ...entries(
      Array.from({ length: IDS_PER_REQUEST.unknown }, () => randomUUID()),
      'none',
    ),
  ];
  return ordered.map(
    (_, index) => ordered[(index * SHUFFLE_STEP) % ordered.length] as ExpectedRelationship,
  );
}

function findRelationshipProblem(
  expected: ExpectedRelationship[],
  body: unknown,
): string | undefined {
  const data = (body as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== expected.length) {
    return `expected ${expected.length} entries in data`;
  }
  for (const [index, want] of expected.entries()) {
    const got = data[index] as Partial<ExpectedRelationship> | undefined;
    if (
      got?.userId !== want.userId ||
      got.friendship !== want.friendship ||
      got.blocking !== want.blocking
    ) {
      return `entry ${index} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`;
    }
  }
  return undefined;
}

function expectedCount(): number {
  return Object.values(IDS_PER_REQUEST).reduce((sum, count) => sum + count, 0);
}

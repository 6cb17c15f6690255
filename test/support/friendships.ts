import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { RegisteredUser } from './factories';

export interface FriendshipBody {
  id: string;
  status: 'pending' | 'accepted' | 'declined';
  direction: 'incoming' | 'outgoing';
  requesterId: string;
  addresseeId: string;
  respondedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  profile: { id: string; username: string };
}

export interface RelationshipBody {
  userId: string;
  friendship: 'none' | 'pending_outgoing' | 'pending_incoming' | 'accepted';
  friendshipId: string | null;
  blocking: boolean;
}

export function sendRequest(
  http: TestAgent,
  from: RegisteredUser,
  to: RegisteredUser | string,
): request.Test {
  const addresseeId = typeof to === 'string' ? to : to.id;
  return http
    .post('/v1/friendships')
    .set('Authorization', from.authorization)
    .send({ addresseeId });
}

export function answer(
  http: TestAgent,
  user: RegisteredUser,
  friendshipId: string,
  action: 'accept' | 'decline',
): request.Test {
  return http
    .post(`/v1/friendships/${friendshipId}/${action}`)
    .set('Authorization', user.authorization);
}

export function removeFriendship(
  http: TestAgent,
  user: RegisteredUser,
  friendshipId: string,
): request.Test {
  return http.delete(`/v1/friendships/${friendshipId}`).set('Authorization', user.authorization);
}

export function block(http: TestAgent, blocker: RegisteredUser, blocked: string): request.Test {
  return http.post('/v1/blocks').set('Authorization', blocker.authorization).send({
    userId: blocked,
  });
}

export function unblock(http: TestAgent, blocker: RegisteredUser, blocked: string): request.Test {
  return http.delete(`/v1/blocks/${blocked}`).set('Authorization', blocker.authorization);
}

/** Sends a request and fails loudly on any status but 201. */
export async function requestFriendship(
  http: TestAgent,
  from: RegisteredUser,
  to: RegisteredUser,
): Promise<FriendshipBody> {
  const response = await sendRequest(http, from, to);
  if (response.status !== 201) {
    throw new Error(
      `friend request failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return response.body as FriendshipBody;
}

/** Makes two users friends: the requester sends a request and the addressee accepts it. Fails loudly on any other status. */
export async function makeFriends(
  http: TestAgent,
  requester: RegisteredUser,
  addressee: RegisteredUser,
): Promise<FriendshipBody> {
  const pending = await requestFriendship(http, requester, addressee);
  const response = await answer(http, addressee, pending.id, 'accept');
  if (response.status !== 200) {
    throw new Error(`accept failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as FriendshipBody;
}

/** Reads the viewer's relationships to the given ids and fails loudly on any status but 200. */
export async function relationshipsOf(
  http: TestAgent,
  viewer: RegisteredUser,
  ids: string[],
): Promise<RelationshipBody[]> {
  const response = await http
    .get('/v1/relationships')
    .query({ ids: ids.join(',') })
    .set('Authorization', viewer.authorization);
  if (response.status !== 200) {
    throw new Error(
      `relationships failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
  return (response.body as { data: RelationshipBody[] }).data;
}

/** Returns the viewer's relationship to one user. */
export async function relationshipOf(
  http: TestAgent,
  viewer: RegisteredUser,
  other: RegisteredUser,
): Promise<RelationshipBody> {
  const [relationship] = await relationshipsOf(http, viewer, [other.id]);
  if (relationship === undefined) {
    throw new Error('relationships returned no entry');
  }
  return relationship;
}

/** Follows nextCursor from the first page to the last of a list route and returns every item. */
export async function listAll<T>(
  http: TestAgent,
  user: RegisteredUser,
  path: string,
  query: Record<string, string | number> = {},
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pageCount = 0; pageCount < 100; pageCount += 1) {
    const response = await http
      .get(path)
      .query(cursor === null ? query : { ...query, cursor })
      .set('Authorization', user.authorization);
    if (response.status !== 200) {
      throw new Error(
        `GET ${path} failed with ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    const page = response.body as { data: T[]; nextCursor: string | null };
    items.push(...page.data);
    cursor = page.nextCursor;
    if (cursor === null) {
      return items;
    }
  }
  throw new Error(`GET ${path} did not reach its last page after 100 pages`);
}

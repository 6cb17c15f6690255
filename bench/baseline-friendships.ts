/** The baseline's GET /v1/friendships (accepted friends) and GET /v1/relationships. */
import { isUUID } from 'class-validator';
import { Pool } from 'pg';
import {
  encodeCursor,
  limitParameter,
  listFingerprint,
  rejectUnknownParameters,
  validationFailed,
} from './baseline-http';
import { RELATIONSHIPS_SQL } from './baseline-sql';
import {
  FRIENDSHIP_PREFIX,
  friendshipListSql,
  OTHER_PROFILE_PREFIX,
} from '../src/friendships/friendship-list.statement';

const MAX_RELATIONSHIP_IDS = 100;

/** The body of FriendshipResponseDto. */
interface FriendshipResponse {
  id: string;
  status: string;
  direction: 'incoming' | 'outgoing';
  requesterId: string;
  addresseeId: string;
  respondedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  profile: PublicProfileResponse;
}

/** The body of PublicProfileDto. */
interface PublicProfileResponse {
  id: string;
  username: string;
  displayName: string;
  bio: string | null;
  avatarUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The body of RelationshipDto. */
interface RelationshipResponse {
  userId: string;
  friendship: 'none' | 'pending_outgoing' | 'pending_incoming' | 'accepted';
  friendshipId: string | null;
  blocking: boolean;
}

/** A row of RELATIONSHIPS_SQL, whose aliases are already camelCase. */
interface RelationshipRow {
  userId: string;
  friendshipId: string | null;
  status: 'pending' | 'accepted' | null;
  requesterId: string | null;
  blocking: boolean;
}

/** Lists the user's accepted friendships newest first, as FriendshipService.list does without a cursor. */
export async function listFriendships(
  pool: Pool,
  userId: string,
  parameters: URLSearchParams,
): Promise<{ data: FriendshipResponse[]; nextCursor: string | null }> {
  rejectUnknownParameters(parameters, ['status', 'limit']);
  const status = parameters.get('status') ?? 'accepted';
  if (status !== 'accepted') {
    throw validationFailed(
      'The baseline lists accepted friendships only: status must be accepted.',
    );
  }
  const limit = limitParameter(parameters.get('limit'));

  const result = await pool.query<Record<string, unknown>>(
    friendshipListSql(['requester', 'addressee'], false),
    [userId, status, limit + 1],
  );
  const page = result.rows.slice(0, limit).map((row) => toFriendshipResponse(row, userId));
  const last = page[page.length - 1];
  const fingerprint = listFingerprint({ list: 'friendships', status });

  return {
    data: page,
    nextCursor:
      result.rows.length > limit && last !== undefined
        ? encodeCursor(last.createdAt, last.id, fingerprint)
        : null,
  };
}

/**
 * Returns the viewer's relationship to each distinct requested id, in
 * request order, as RelationshipService.lookup does.
 */
export async function lookupRelationships(
  pool: Pool,
  viewerId: string,
  parameters: URLSearchParams,
): Promise<{ data: RelationshipResponse[] }> {
  rejectUnknownParameters(parameters, ['ids']);
  const ids = parameters
    .getAll('ids')
    .flatMap((value) => value.split(','))
    .map((id) => id.trim());
  if (ids.length === 0 || ids.length > MAX_RELATIONSHIP_IDS) {
    throw validationFailed(`ids must be 1 to ${MAX_RELATIONSHIP_IDS} comma-separated user ids.`);
  }
  if (!ids.every((id) => isUUID(id))) {
    throw validationFailed('each of ids must be a UUID');
  }

  const distinctIds = [...new Set(ids.map((id) => id.toLowerCase()))];
  const result = await pool.query<RelationshipRow>(RELATIONSHIPS_SQL, [viewerId, distinctIds]);
  return { data: result.rows.map((row) => toRelationshipResponse(row, viewerId)) };
}

/** Maps a row of the friendship list statement to the response body, with the other user's profile. */
function toFriendshipResponse(row: Record<string, unknown>, viewerId: string): FriendshipResponse {
  const column = (name: string): unknown => row[FRIENDSHIP_PREFIX + name];
  const requesterId = column('requester_id') as string;
  const respondedAt = column('responded_at') as Date | null;
  return {
    id: column('id') as string,
    status: column('status') as string,
    direction: requesterId === viewerId ? 'outgoing' : 'incoming',
    requesterId,
    addresseeId: column('addressee_id') as string,
    respondedAt: respondedAt?.toISOString() ?? null,
    version: column('version') as number,
    createdAt: (column('created_at') as Date).toISOString(),
    updatedAt: (column('updated_at') as Date).toISOString(),
    profile: toProfileResponse(row),
  };
}

function toProfileResponse(row: Record<string, unknown>): PublicProfileResponse {
  const column = (name: string): unknown => row[OTHER_PROFILE_PREFIX + name];
  return {
    id: column('id') as string,
    username: column('username') as string,
    displayName: column('display_name') as string,
    bio: column('bio') as string | null,
    avatarUrl: column('avatar_url') as string | null,
    createdAt: (column('created_at') as Date).toISOString(),
    updatedAt: (column('updated_at') as Date).toISOString(),
  };
}

function toRelationshipResponse(row: RelationshipRow, viewerId: string): RelationshipResponse {
  let friendship: RelationshipResponse['friendship'] = 'none';
  if (row.status === 'accepted') {
    friendship = 'accepted';
  } else if (row.status === 'pending') {
    friendship = row.requesterId === viewerId ? 'pending_outgoing' : 'pending_incoming';
  }
  return {
    userId: row.userId,
    friendship,
    friendshipId: friendship === 'none' ? null : row.friendshipId,
    blocking: row.blocking,
  };
}

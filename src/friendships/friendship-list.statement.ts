/** Side of a friendship row that the listing user is on. */
export type FriendshipSide = 'requester' | 'addressee';

const FRIENDSHIP_COLUMNS = [
  'id',
  'requester_id',
  'addressee_id',
  'status',
  'responded_at',
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
];

const PROFILE_COLUMNS = [
  'id',
  'username',
  'display_name',
  'bio',
  'avatar_url',
  'time_zone',
  'locale',
  'created_at',
  'updated_at',
  'version',
  'deleted_at',
];

/** Prefix of the friendship's result columns, and of the other user's profile columns. */
export const FRIENDSHIP_PREFIX = 'friendship_';
export const OTHER_PROFILE_PREFIX = 'other_';

const SELECT_LIST = [
  ...FRIENDSHIP_COLUMNS.map((column) => `f.${column} AS ${FRIENDSHIP_PREFIX}${column}`),
  ...PROFILE_COLUMNS.map((column) => `p.${column} AS ${OTHER_PROFILE_PREFIX}${column}`),
].join(', ');

/**
 * Returns the SELECT of one page of a user's live friendships, newest first,
 * each with the other user's live profile. Parameters: $1 the user, $2 the
 * status, $3 the row count, and with a cursor $4 its created_at and $5 its id.
 *
 * Each side the user may be on reads its own (side, status, created_at, id)
 * index in order and stops after $3 rows. An OR of both sides would read and
 * sort every friendship of the user instead.
 */
export function friendshipListSql(sides: readonly FriendshipSide[], withCursor: boolean): string {
  const pages = sides.map((side) => sidePageSql(side, withCursor));
  if (pages.length === 1) {
    return pages[0] as string;
  }
  return (
    `SELECT * FROM (${pages.join(' UNION ALL ')}) page ` +
    `ORDER BY page.${FRIENDSHIP_PREFIX}created_at DESC, page.${FRIENDSHIP_PREFIX}id DESC LIMIT $3`
  );
}

function sidePageSql(side: FriendshipSide, withCursor: boolean): string {
  const own = side === 'requester' ? 'requester_id' : 'addressee_id';
  const other = side === 'requester' ? 'addressee_id' : 'requester_id';
  const after = withCursor ? ' AND (f.created_at, f.id) < ($4::timestamptz, $5::uuid)' : '';

  return (
    `(SELECT ${SELECT_LIST} FROM friendships f ` +
    `JOIN profiles p ON p.id = f.${other} AND p.deleted_at IS NULL ` +
    `WHERE f.${own} = $1 AND f.status = $2 AND f.deleted_at IS NULL${after} ` +
    `ORDER BY f.created_at DESC, f.id DESC LIMIT $3)`
  );
}

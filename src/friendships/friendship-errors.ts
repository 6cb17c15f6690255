import { ApiError } from '../common/errors/api-error';
import { ProfileErrors } from '../profile/profile-errors';

export enum FriendshipErrorCode {
  FriendshipNotFound = 'friendship_not_found',
  FriendshipExists = 'friendship_exists',
  CannotBefriendSelf = 'cannot_befriend_self',
  FriendRequestCooldown = 'friend_request_cooldown',
  FriendshipNotPending = 'friendship_not_pending',
  FriendshipDeclined = 'friendship_declined',
  AddresseeOnly = 'friendship_addressee_only',
  RequesterOnly = 'friendship_requester_only',
  CannotBlockSelf = 'cannot_block_self',
}

export const FriendshipErrors = {
  /** Also raised for a friendship the caller is not part of, so ids cannot be probed. */
  notFound: () =>
    new ApiError(404, FriendshipErrorCode.FriendshipNotFound, 'No friendship with this id.'),

  exists: () =>
    new ApiError(
      409,
      FriendshipErrorCode.FriendshipExists,
      'A friend request or friendship between these users already exists.',
    ),

  cannotBefriendSelf: () =>
    new ApiError(
      422,
      FriendshipErrorCode.CannotBefriendSelf,
      'A user cannot send a friend request to themselves.',
    ),

  cooldown: (retryAfterSeconds: number) =>
    new ApiError(
      429,
      FriendshipErrorCode.FriendRequestCooldown,
      'This user declined your last request; you may ask again 24 hours after the decline.',
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),

  notPending: () =>
    new ApiError(
      409,
      FriendshipErrorCode.FriendshipNotPending,
      'The friend request was already accepted or declined.',
    ),

  declined: () =>
    new ApiError(
      409,
      FriendshipErrorCode.FriendshipDeclined,
      'A declined friend request cannot be deleted; the requester may ask again 24 hours after the decline.',
    ),

  addresseeOnly: () =>
    new ApiError(
      403,
      FriendshipErrorCode.AddresseeOnly,
      'Only the addressee of a friend request may accept or decline it.',
    ),

  requesterOnly: () =>
    new ApiError(
      403,
      FriendshipErrorCode.RequesterOnly,
      'Only the requester may cancel a pending friend request; the addressee declines it instead.',
    ),

  cannotBlockSelf: () =>
    new ApiError(422, FriendshipErrorCode.CannotBlockSelf, 'A user cannot block themselves.'),

  /**
   * Raised for an unknown, deleted or blocking user alike, so that a
   * blocked user cannot tell a block from a missing account.
   */
  profileNotFound: ProfileErrors.notFound,
};

/**
 * Constraint names whose violation has a domain meaning. The pair lock makes
 * uq_friendships_pair unreachable from this module's own writes; the entry
 * covers a writer that skips the lock.
 */
export const FRIENDSHIP_CONSTRAINT_ERRORS = {
  uq_friendships_pair: FriendshipErrors.exists,
  chk_friendships_not_self: FriendshipErrors.cannotBefriendSelf,
  chk_blocks_not_self: FriendshipErrors.cannotBlockSelf,
} as const;

import { ApiError } from '../common/errors/api-error';

export enum ProfileErrorCode {
  ProfileNotFound = 'profile_not_found',
  UsernameTaken = 'username_taken',
}

export const ProfileErrors = {
  notFound: () => new ApiError(404, ProfileErrorCode.ProfileNotFound, 'No profile with this id.'),

  usernameTaken: () =>
    new ApiError(409, ProfileErrorCode.UsernameTaken, 'This username is already taken.'),
};

/** Constraint names whose violation means a taken username. */
export const PROFILE_CONSTRAINT_ERRORS = {
  uq_profiles_username: ProfileErrors.usernameTaken,
} as const;

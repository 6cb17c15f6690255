import { ApiError } from '../common/errors/api-error';

export enum AuthErrorCode {
  EmailTaken = 'email_taken',
  InvalidCredentials = 'invalid_credentials',
  InvalidRefreshToken = 'invalid_refresh_token',
  RefreshTokenReused = 'refresh_token_reused',
}

export const AuthErrors = {
  emailTaken: () =>
    new ApiError(409, AuthErrorCode.EmailTaken, 'An account with this email already exists.'),

  invalidCredentials: () =>
    new ApiError(401, AuthErrorCode.InvalidCredentials, 'The email or password is incorrect.'),

  invalidRefreshToken: () =>
    new ApiError(
      401,
      AuthErrorCode.InvalidRefreshToken,
      'The refresh token is unknown, expired or revoked; log in again.',
    ),

  refreshTokenReused: () =>
    new ApiError(
      401,
      AuthErrorCode.RefreshTokenReused,
      'The refresh token was already used, so every token of this login has been revoked; log in again.',
    ),
};

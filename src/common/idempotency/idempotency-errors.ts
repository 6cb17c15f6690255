import { ApiError } from '../errors/api-error';
import { CommonErrors } from '../errors/common-errors';

export enum IdempotencyErrorCode {
  IdempotencyKeyReused = 'idempotency_key_reused',
}

export const IdempotencyErrors = {
  keyReused: () =>
    new ApiError(
      422,
      IdempotencyErrorCode.IdempotencyKeyReused,
      'This Idempotency-Key was already used with another request body; use a new key for a new request.',
    ),

  invalidKey: () =>
    CommonErrors.validationFailed([
      {
        field: 'Idempotency-Key',
        message: 'Idempotency-Key must be 1 to 255 visible ASCII characters.',
      },
    ]),

  inProgress: () =>
    CommonErrors.conflict(
      'A request with this Idempotency-Key is still in progress; retry after it completes.',
    ),
};

import { ApiError, FieldError } from './api-error';

/** Error codes shared by every module. Module-specific codes live beside each module. */
export enum CommonErrorCode {
  ValidationFailed = 'validation_failed',
  MalformedJson = 'malformed_json',
  InvalidId = 'invalid_id',
  InvalidCursor = 'invalid_cursor',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  MethodNotAllowed = 'method_not_allowed',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  PreconditionFailed = 'precondition_failed',
  Conflict = 'conflict',
  RateLimited = 'rate_limited',
  ServiceUnavailable = 'service_unavailable',
  InternalError = 'internal_error',
}

export const CommonErrors = {
  validationFailed: (errors: FieldError[]) =>
    new ApiError(400, CommonErrorCode.ValidationFailed, 'The request has invalid fields.', {
      errors,
    }),

  malformedJson: () =>
    new ApiError(400, CommonErrorCode.MalformedJson, 'The request body is not valid JSON.'),

  invalidId: (field: string) =>
    new ApiError(400, CommonErrorCode.InvalidId, `The path parameter '${field}' must be a UUID.`),

  invalidCursor: () =>
    new ApiError(
      400,
      CommonErrorCode.InvalidCursor,
      'The cursor is malformed or belongs to another filter or sort; start again without a cursor.',
    ),

  unauthorized: (detail = 'A valid bearer access token is required.') =>
    new ApiError(401, CommonErrorCode.Unauthorized, detail, {
      headers: { 'WWW-Authenticate': 'Bearer' },
    }),

  notFound: () =>
    new ApiError(404, CommonErrorCode.NotFound, 'No route matches this method and path.'),

  payloadTooLarge: (limitBytes: number) =>
    new ApiError(
      413,
      CommonErrorCode.PayloadTooLarge,
      `The request body is larger than the limit of ${limitBytes} bytes.`,
    ),

  unsupportedMediaType: () =>
    new ApiError(
      415,
      CommonErrorCode.UnsupportedMediaType,
      'The request body must be application/json.',
    ),

  preconditionFailed: () =>
    new ApiError(
      412,
      CommonErrorCode.PreconditionFailed,
      'The resource has changed since the ETag in If-Match; fetch it again and retry.',
    ),

  conflict: (detail = 'The request conflicts with the current state of the resource.') =>
    new ApiError(409, CommonErrorCode.Conflict, detail),

  rateLimited: (retryAfterSeconds: number) =>
    new ApiError(429, CommonErrorCode.RateLimited, 'Too many requests; retry later.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    }),

  serviceUnavailable: (retryAfterSeconds = 1) =>
    new ApiError(
      503,
      CommonErrorCode.ServiceUnavailable,
      'The service is temporarily unavailable; retry later.',
      {
        headers: { 'Retry-After': String(retryAfterSeconds) },
      },
    ),

  internalError: () =>
    new ApiError(
      500,
      CommonErrorCode.InternalError,
      'An unexpected error occurred; the request id identifies it in the logs.',
    ),
};

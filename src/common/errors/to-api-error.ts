import { HttpException } from '@nestjs/common';
import { translateDatabaseError } from '../../database/postgres-errors';
import { ApiError } from './api-error';
import { CommonErrorCode, CommonErrors } from './common-errors';

const CODE_BY_STATUS: Readonly<Record<number, CommonErrorCode>> = {
  400: CommonErrorCode.ValidationFailed,
  401: CommonErrorCode.Unauthorized,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  405: CommonErrorCode.MethodNotAllowed,
  409: CommonErrorCode.Conflict,
  412: CommonErrorCode.PreconditionFailed,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: CommonErrorCode.RateLimited,
  503: CommonErrorCode.ServiceUnavailable,
};

/**
 * Turns anything thrown while serving a request into the ApiError the client
 * receives. Unknown errors become 500 internal_error and keep their details
 * for the log only.
 */
export function toApiError(exception: unknown, bodyLimitBytes: number): ApiError {
  if (exception instanceof ApiError) {
    return exception;
  }
  if (exception instanceof HttpException) {
    return fromHttpException(exception, bodyLimitBytes);
  }

  const translated = translateDatabaseError(exception);
  return translated instanceof ApiError ? translated : CommonErrors.internalError();
}

/**
 * Nest raises HttpException for unknown routes, and wraps errors Fastify
 * raises while reading a request (body too large, unsupported content type)
 * into one with the same status.
 */
function fromHttpException(exception: HttpException, bodyLimitBytes: number): ApiError {
  const status = exception.getStatus();

  switch (status) {
    case 404:
      return CommonErrors.notFound();
    case 413:
      return CommonErrors.payloadTooLarge(bodyLimitBytes);
    case 415:
      return CommonErrors.unsupportedMediaType();
    case 503:
      return CommonErrors.serviceUnavailable();
  }
  if (status >= 500) {
    return CommonErrors.internalError();
  }

  const code = CODE_BY_STATUS[status] ?? CommonErrorCode.ValidationFailed;
  return new ApiError(status, code, exception.message, { cause: exception });
}

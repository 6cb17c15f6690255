import { STATUS_CODES } from 'node:http';
import { ApiError, FieldError } from './api-error';

/** The application/problem+json body (RFC 9457) with this API's code and requestId members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string | undefined;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function toProblemDetails(error: ApiError, requestId: string | undefined): ProblemDetails {
  const body: ProblemDetails = {
    type: 'about:blank',
    title: STATUS_CODES[error.status] ?? 'Error',
    status: error.status,
    code: error.code,
    detail: error.detail,
    requestId,
  };
  if (error.errors !== undefined) {
    body.errors = error.errors;
  }
  return body;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ApiErrorOptions {
  errors?: FieldError[];
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An error a client can act on: an HTTP status, a stable machine-readable
 * code and a human-readable detail. The problem+json filter turns it into the
 * response body, so code and status are the contract and detail is prose.
 */
export class ApiError extends Error {
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    options: ApiErrorOptions = {},
  ) {
    super(`${code}: ${detail}`, { cause: options.cause });
    this.name = 'ApiError';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

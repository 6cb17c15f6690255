import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IdempotencyErrors } from './idempotency-errors';

/** 1 to 255 visible ASCII characters (0x21 to 0x7E), such as a UUID. */
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) {
    return undefined;
  }
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
    throw IdempotencyErrors.invalidKey();
  }
  return header;
}

/** Injects the Idempotency-Key request header, or undefined when absent; a malformed key is a 400. */
export const IdempotencyKeyHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined => {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    return parseIdempotencyKey(request.headers['idempotency-key']);
  },
);

import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommonErrors } from '../errors/common-errors';

/**
 * An If-Match precondition: '*' matches any current representation, and a
 * list matches when one of its tags names the current version.
 */
export type IfMatch = { kind: 'any' } | { kind: 'versions'; versions: number[] };

/** The strong ETag of a resource version, such as "3" with the quotes. */
export function entityTagOf(version: number): string {
  return `"${version}"`;
}

// One entity tag: optional W/ prefix, then a quoted run of etagc characters (RFC 9110, 8.8.3).
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"$/;

/**
 * Parses an If-Match header into a precondition, or undefined when absent.
 * Weak tags (W/"3") are compared like strong ones, because proxies that
 * compress a response may weaken its ETag. A tag that names no version,
 * such as "abc", never matches.
 */
export function parseIfMatch(header: string | string[] | undefined): IfMatch | undefined {
  if (header === undefined) {
    return undefined;
  }
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') {
    return { kind: 'any' };
  }

  const versions: number[] = [];
  for (const part of value.split(',')) {
    const match = ENTITY_TAG.exec(part.trim());
    if (match === null) {
      throw CommonErrors.validationFailed([
        {
          field: 'If-Match',
          message: 'If-Match must be * or a comma-separated list of ETags such as "3".',
        },
      ]);
    }
    const tag = match[2] ?? '';
    if (/^[1-9][0-9]{0,9}$/.test(tag)) {
      versions.push(Number(tag));
    }
  }
  return { kind: 'versions', versions };
}

/** True when there is no precondition or it matches the current version. */
export function ifMatchAllows(condition: IfMatch | undefined, version: number): boolean {
  return (
    condition === undefined || condition.kind === 'any' || condition.versions.includes(version)
  );
}

/** Injects the parsed If-Match request header; a malformed header is a 400. */
export const IfMatchHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext): IfMatch | undefined => {
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    return parseIfMatch(request.headers['if-match']);
  },
);

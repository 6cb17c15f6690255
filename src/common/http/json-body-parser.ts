import { FastifyInstance, FastifyRequest } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { FieldError } from '../errors/api-error';
import { CommonErrors } from '../errors/common-errors';

// JSON can carry U+0000 only as this escape; matched case-insensitively before the body is walked.
const NUL_ESCAPE = /\\u0000/i;

/**
 * Replaces Fastify's body parsers with one for JSON alone. Other content
 * types are rejected with 415, and a body that is empty or not valid JSON
 * with 400 malformed_json. Keys such as __proto__ are rejected too, because
 * they are a prototype pollution attempt, never a real field. A string with
 * U+0000, which PostgreSQL text cannot store, is 400 validation_failed.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    /^application\/([\w.+-]+\+)?json(\s*;.*)?$/i,
    { parseAs: 'string' },
    (
      _request: FastifyRequest,
      body: string | Buffer,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      let value: unknown;
      try {
        value = secureJsonParse.parse(text, undefined, {
          protoAction: 'error',
          constructorAction: 'error',
        });
      } catch {
        done(CommonErrors.malformedJson());
        return;
      }

      const nulFields = NUL_ESCAPE.test(text) ? fieldsWithNul(value, '') : [];
      if (nulFields.length > 0) {
        done(CommonErrors.validationFailed(nulFields));
        return;
      }
      done(null, value);
    },
  );
}

/** Returns an error for each string in the parsed body that contains U+0000, by dotted path. */
function fieldsWithNul(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [
          {
            field: path === '' ? 'body' : path,
            message: 'must not contain the NUL character (U+0000)',
          },
        ]
      : [];
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  return Object.entries(value).flatMap(([key, item]) =>
    fieldsWithNul(item, path === '' ? key : `${path}.${key}`),
  );
}

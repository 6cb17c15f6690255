import { FastifyInstance, FastifyRequest } from 'fastify';
import secureJsonParse from 'secure-json-parse';
import { CommonErrors } from '../errors/common-errors';

/**
 * Replaces Fastify's body parsers with one for JSON alone. Other content
 * types are rejected with 415, and a body that is empty or not valid JSON
 * with 400 malformed_json. Keys such as __proto__ are rejected too, because
 * they are a prototype pollution attempt, never a real field.
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
      try {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        done(
          null,
          secureJsonParse.parse(text, undefined, {
            protoAction: 'error',
            constructorAction: 'error',
          }),
        );
      } catch {
        done(CommonErrors.malformedJson());
      }
    },
  );
}

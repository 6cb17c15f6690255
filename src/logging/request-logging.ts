import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Level, Logger as PinoInstance } from 'pino';
import { AuthenticatedRequest } from '../common/auth/authenticated-user';
import { runWithRequestContext } from './request-context';

/**
 * Runs each request in its own request context and logs one line per response
 * (ids, method, URL, status, responseTime in ms), never headers or bodies.
 */
export function registerRequestLogging(fastify: FastifyInstance, pino: PinoInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done) => {
    runWithRequestContext({ requestId: request.id }, done);
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    logCompletedRequest(pino, request, reply);
    done();
  });
}

/** Writes the line of a sent response, at error for a 5xx and at info otherwise. */
export function logCompletedRequest(
  pino: PinoInstance,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const level: Level = reply.statusCode >= 500 ? 'error' : 'info';
  if (!pino.isLevelEnabled(level)) {
    return;
  }
  pino[level](
    {
      reqId: request.id,
      userId: (request as AuthenticatedRequest).user?.id,
      req: { method: request.method, url: request.url, remoteAddress: request.ip },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    },
    'request completed',
  );
}

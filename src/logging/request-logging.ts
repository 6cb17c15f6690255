import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Level, Logger as PinoInstance } from 'pino';
import { AuthenticatedRequest } from '../common/auth/authenticated-user';
import { runWithRequestContext } from './request-context';

/**
 * Serves each request within its own request context, so that every line
 * logged on its behalf carries its id, and writes one line when the response
 * has been sent: request id, user id, method, URL, status and responseTime in
 * milliseconds. Headers and bodies are never logged, so tokens and passwords
 * cannot leak. Nothing is built for a line the log level drops.
 */
export function registerRequestLogging(fastify: FastifyInstance, pino: PinoInstance): void {
  fastify.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done) => {
    runWithRequestContext({ requestId: request.id }, done);
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
    const level: Level = reply.statusCode >= 500 ? 'error' : 'info';
    if (pino.isLevelEnabled(level)) {
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
    done();
  });
}

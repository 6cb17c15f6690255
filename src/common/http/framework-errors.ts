import { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { Logger as PinoInstance } from 'pino';
import { logCompletedRequest } from '../../logging/request-logging';
import { CommonErrors } from '../errors/common-errors';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from '../errors/problem-details';

/**
 * Returns Fastify's handler for the errors it raises before routing, such as
 * a URL whose percent-encoding does not decode. Those requests run no hooks,
 * so the handler sends the headers, the problem+json body and the log line
 * that every other response gets.
 */
export function createFrameworkErrorHandler(
  pino: PinoInstance,
  securityHeaders: Record<string, string>,
): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) => {
    const badUrl = error.code === 'FST_ERR_BAD_URL';
    const problem = badUrl
      ? CommonErrors.validationFailed([
          { field: 'url', message: 'The URL has percent-encoding that does not decode.' },
        ])
      : CommonErrors.internalError();
    if (!badUrl) {
      pino.error({ err: error, reqId: request.id }, 'Request failed before routing');
    }

    void reply
      .headers(securityHeaders)
      .header('X-Request-Id', request.id)
      .code(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(toProblemDetails(problem, request.id));
    logCompletedRequest(pino, request, reply);
  };
}

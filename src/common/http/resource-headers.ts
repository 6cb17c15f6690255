import { RouteConfig } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { entityTagOf } from './entity-tag';

interface ResourceRouteConfig {
  /** Collection path that Location names the returned resource under. */
  locationPrefix?: string;
}

/** Makes the route send Location: <prefix>/<id> of the resource it returns. */
export const SetsLocation = (prefix: string): MethodDecorator =>
  RouteConfig({ locationPrefix: prefix } satisfies ResourceRouteConfig);

/**
 * Registers a hook that sends ETag for a body with a string id and a numeric
 * version, and Location on routes marked with SetsLocation.
 */
export function registerResourceHeaders(fastify: FastifyInstance): void {
  // A Fastify hook, because a Nest interceptor would run every call through an rxjs pipeline.
  fastify.addHook(
    'preSerialization',
    (request: FastifyRequest, reply: FastifyReply, payload: unknown, done) => {
      const resource = versionedResourceOf(payload);
      if (resource !== undefined) {
        reply.header('ETag', entityTagOf(resource.version));

        const { locationPrefix } = request.routeOptions.config as ResourceRouteConfig;
        if (locationPrefix !== undefined) {
          reply.header('Location', `${locationPrefix}/${resource.id}`);
        }
      }
      done(null, payload);
    },
  );
}

function versionedResourceOf(body: unknown): { id: string; version: number } | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const { id, version } = body as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'number' ? { id, version } : undefined;
}

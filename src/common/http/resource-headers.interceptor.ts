import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { Observable, tap } from 'rxjs';
import { entityTagOf } from './entity-tag';

const LOCATION_PREFIX = 'tandem:locationPrefix';

/** Makes ResourceHeadersInterceptor send Location: <prefix>/<id> of the created resource. */
export const SetsLocation = (prefix: string): MethodDecorator =>
  SetMetadata(LOCATION_PREFIX, prefix);

/**
 * Sends ETag for a response body with a numeric version, and Location on
 * routes marked with SetsLocation, through the HTTP adapter so that
 * controllers need no raw response.
 */
@Injectable()
export class ResourceHeadersInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const locationPrefix = this.reflector.get<string | undefined>(
      LOCATION_PREFIX,
      context.getHandler(),
    );
    const response = context.switchToHttp().getResponse<unknown>();
    const adapter = this.adapterHost.httpAdapter;

    return next.handle().pipe(
      tap((body: unknown) => {
        const resource = versionedResourceOf(body);
        if (resource === undefined) {
          return;
        }
        adapter.setHeader(response, 'ETag', entityTagOf(resource.version));
        if (locationPrefix !== undefined) {
          adapter.setHeader(response, 'Location', `${locationPrefix}/${resource.id}`);
        }
      }),
    );
  }
}

function versionedResourceOf(body: unknown): { id: string; version: number } | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const { id, version } = body as { id?: unknown; version?: unknown };
  return typeof id === 'string' && typeof version === 'number' ? { id, version } : undefined;
}

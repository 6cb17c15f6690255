import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { map, Observable } from 'rxjs';

/**
 * A handler result whose status is known only at run time, such as 200
 * where a create found the resource already there and 201 otherwise.
 */
export class ResponseWithStatus<T> {
  constructor(
    readonly status: number,
    readonly body: T,
  ) {}
}

/**
 * Sends the status of a ResponseWithStatus and its body as the response,
 * through the HTTP adapter so that controllers need no raw response. The
 * ETag and Location hook then receives the unwrapped body.
 */
@Injectable()
export class ResponseStatusInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<unknown>();

    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof ResponseWithStatus)) {
          return result;
        }
        this.adapterHost.httpAdapter.status(response, result.status);
        return result.body as unknown;
      }),
    );
  }
}

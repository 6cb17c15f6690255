import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  Inject,
  Logger,
  LoggerService,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ApiError } from './api-error';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details';
import { toApiError } from './to-api-error';

/** Sends every error as application/problem+json, and is the one place that logs it. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string; method?: string; url?: string }>();
    const response = http.getResponse<unknown>();
    const error = toApiError(exception, this.config.http.bodyLimitBytes);

    logError(this.logger, error, exception, request);

    const adapter = this.adapterHost.httpAdapter;
    for (const [name, value] of Object.entries(error.headers)) {
      adapter.setHeader(response, name, value);
    }
    adapter.setHeader(response, 'Content-Type', PROBLEM_CONTENT_TYPE);
    adapter.reply(response, toProblemDetails(error, request.id), error.status);
  }
}

export function logError(
  logger: Pick<LoggerService, 'error' | 'debug'>,
  error: ApiError,
  exception: unknown,
  request: { id?: string; method?: string; url?: string },
): void {
  const context = {
    requestId: request.id,
    method: request.method,
    url: request.url,
    code: error.code,
  };

  if (error.status >= 500) {
    logger.error({ ...context, err: exception }, 'Request failed');
  } else {
    logger.debug?.({ ...context, status: error.status }, 'Request rejected');
  }
}

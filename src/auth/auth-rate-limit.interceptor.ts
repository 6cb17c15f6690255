import { createHash } from 'node:crypto';
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { from, Observable, switchMap } from 'rxjs';
import { CommonErrors } from '../common/errors/common-errors';
import { RateLimitDecision, RateLimitService } from '../common/rate-limit/rate-limit.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

interface RateLimitedRequest {
  ip?: string;
  body?: unknown;
  routeOptions?: { url?: string };
}

/**
 * Limits register and login attempts per client IP address and per email,
 * before the password is hashed, so neither a single address nor a
 * distributed guess at one account gets far. Emails are keyed by their hash.
 */
@Injectable()
export class AuthRateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly rateLimits: RateLimitService,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<RateLimitedRequest>();
    const response = http.getResponse<unknown>();

    return from(this.consume(request)).pipe(
      switchMap((decision) => {
        const headers = rateLimitHeaders(decision);
        if (!decision.allowed) {
          const error = CommonErrors.rateLimited(decision.resetSeconds);
          Object.assign(error.headers, headers);
          throw error;
        }

        for (const [name, value] of Object.entries(headers)) {
          this.adapterHost.httpAdapter.setHeader(response, name, value);
        }
        return next.handle();
      }),
    );
  }

  private consume(request: RateLimitedRequest): Promise<RateLimitDecision> {
    const { windowSeconds, maxPerIp, maxPerEmail } = this.config.auth.rateLimit;
    const route = request.routeOptions?.url ?? 'auth';
    const rules = [{ key: `${route}:ip:${request.ip ?? 'unknown'}`, limit: maxPerIp }];

    const email = emailOf(request.body);
    if (email !== undefined) {
      const emailHash = createHash('sha256').update(email).digest('hex');
      rules.push({ key: `${route}:email:${emailHash}`, limit: maxPerEmail });
    }
    return this.rateLimits.consume(rules, windowSeconds);
  }
}

function emailOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const email = (body as { email?: unknown }).email;
  return typeof email === 'string' ? email.trim().toLowerCase() : undefined;
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'RateLimit-Limit': String(decision.limit),
    'RateLimit-Remaining': String(decision.remaining),
    'RateLimit-Reset': String(decision.resetSeconds),
  };
}

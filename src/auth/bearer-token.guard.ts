import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import { attachUser, AuthenticatedRequest } from '../common/auth/authenticated-user';
import { IS_PUBLIC_ROUTE } from '../common/auth/public.decorator';
import { CommonErrors } from '../common/errors/common-errors';
import { TransactionRunner } from '../database/transaction-runner';
import { SessionRepository } from './session.repository';
import { AccessTokenClaims } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';

// The scheme name is case-insensitive (RFC 9110, section 11.1).
const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/i;

/** About 3 MB of tokens and claims at most. */
const VERIFIED_TOKEN_CACHE_ENTRIES = 10_000;

/**
 * The global guard: every route needs a valid access token of a live session
 * unless it is marked @Public(). A revoked session (logout, refresh token
 * reuse, account deletion) stops its access tokens at once, not at expiry.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly verified = new VerifiedTokenCache(VERIFIED_TOKEN_CACHE_ENTRIES);

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: SessionRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic === true) {
      return true;
    }

    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, unknown> }>();
    const claims = await this.verify(request.headers.authorization);

    const active = await this.sessions.isActive(
      this.transactions.manager,
      { userId: claims.sub },
      claims.sid,
    );
    if (!active) {
      throw CommonErrors.unauthorized('The session of this access token has ended; log in again.');
    }

    attachUser(request, { id: claims.sub, sessionId: claims.sid });
    return true;
  }

  private async verify(header: unknown): Promise<AccessTokenClaims> {
    const match = typeof header === 'string' ? BEARER.exec(header) : null;
    const token = match?.[1];
    if (token === undefined) {
      throw CommonErrors.unauthorized();
    }

    const cached = this.verified.get(token, Math.floor(Date.now() / 1000));
    if (cached !== undefined) {
      return cached;
    }

    let claims: Partial<AccessTokenClaims> & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims> & { exp?: number }>(token);
    } catch (error) {
      throw error instanceof TokenExpiredError
        ? CommonErrors.unauthorized('The access token has expired; refresh it.')
        : CommonErrors.unauthorized();
    }

    if (!isUUID(claims.sub) || !isUUID(claims.sid) || typeof claims.exp !== 'number') {
      throw CommonErrors.unauthorized();
    }
    const verified = { sub: claims.sub as string, sid: claims.sid as string };
    this.verified.set(token, verified, claims.exp);
    return verified;
  }
}

import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RefreshTokenRepository } from './refresh-token.repository';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Claims of an access token: the user (sub) and the session (sid) it was issued for. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

const REFRESH_TOKEN_BYTES = 32;
const MILLISECONDS_PER_DAY = 86_400_000;

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Signs an access token and stores a new refresh token for the session, in the caller's transaction. */
  async issue(manager: EntityManager, userId: string, sessionId: string): Promise<TokenPair> {
    const refreshToken = randomBytes(REFRESH_TOKEN_BYTES).toString('base64url');
    const expiresAt = new Date(
      Date.now() + this.config.auth.refreshTokenTtlDays * MILLISECONDS_PER_DAY,
    );

    await this.refreshTokens.insert(manager, {
      sessionId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt,
    });

    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.auth.accessTokenTtlSeconds,
    };
  }
}

/** SHA-256 suffices for refresh tokens: they are 256 random bits, so there is nothing to guess. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

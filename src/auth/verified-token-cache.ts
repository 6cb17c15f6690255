import { AccessTokenClaims } from './token.service';

interface VerifiedToken {
  claims: AccessTokenClaims;
  /** The token's exp claim, in seconds since the Unix epoch. */
  expiresAt: number;
}

/**
 * Cache of verified access token claims, by token, until their exp, so a
 * repeat skips the HMAC. The session check still runs on every request.
 */
export class VerifiedTokenCache {
  private readonly tokens = new Map<string, VerifiedToken>();

  constructor(private readonly maxEntries: number) {}

  /** Returns the claims of a verified token that has not expired at nowSeconds, else undefined. */
  get(token: string, nowSeconds: number): AccessTokenClaims | undefined {
    const entry = this.tokens.get(token);
    if (entry === undefined) {
      return undefined;
    }
    // jsonwebtoken rejects a token from the second its exp names, and so does the cache.
    if (nowSeconds >= entry.expiresAt) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  /** Stores a verified token, evicting the oldest one when maxEntries are stored. */
  set(token: string, claims: AccessTokenClaims, expiresAt: number): void {
    if (this.tokens.size >= this.maxEntries) {
      const oldest = this.tokens.keys().next();
      if (oldest.done !== true) {
        this.tokens.delete(oldest.value);
      }
    }
    this.tokens.set(token, { claims, expiresAt });
  }

  get size(): number {
    return this.tokens.size;
  }
}

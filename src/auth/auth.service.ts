import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UNSCOPED } from '../database/base.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { Profile } from '../profile/profile.entity';
import { PROFILE_CONSTRAINT_ERRORS } from '../profile/profile-errors';
import { ProfileRepository } from '../profile/profile.repository';
import { AuthErrors } from './auth-errors';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRepository } from './session.repository';
import { hashRefreshToken, TokenPair, TokenService } from './token.service';
import { User } from './user.entity';
import { UserRepository } from './user.repository';

export interface Registration {
  email: string;
  password: string;
  username: string;
  displayName?: string;
}

export interface RegisteredAccount {
  tokens: TokenPair;
  user: User;
  profile: Profile;
}

type RefreshOutcome =
  | { kind: 'rotated'; tokens: TokenPair }
  | { kind: 'invalid' }
  | { kind: 'reused' };

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly users: UserRepository,
    private readonly profiles: ProfileRepository,
    private readonly sessions: SessionRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  /** Creates the user, the profile and the first session in one transaction. */
  async register(registration: Registration): Promise<RegisteredAccount> {
    // Hashing takes tens of milliseconds, so it happens before a connection is taken from the pool.
    const passwordHash = await this.passwords.hash(registration.password);

    const account = await this.transactions.run(
      async (manager) => {
        const user = await this.users.insert(manager, { email: registration.email, passwordHash });
        const profile = await this.profiles.insert(manager, {
          id: user.id,
          username: registration.username,
          displayName: registration.displayName ?? registration.username,
        });
        const tokens = await this.startSession(manager, user.id);
        return { tokens, user, profile };
      },
      { constraintErrors: { uq_users_email: AuthErrors.emailTaken, ...PROFILE_CONSTRAINT_ERRORS } },
    );

    this.logger.log({ userId: account.user.id }, 'User registered');
    return account;
  }

  /** Raises invalid_credentials for an unknown email and a wrong password alike, after the same hashing work. */
  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.users.findOne(this.transactions.manager, UNSCOPED, { email });
    const passwordMatches = await this.passwords.verify(user?.passwordHash, password);

    if (user === null || !passwordMatches) {
      throw AuthErrors.invalidCredentials();
    }
    return this.transactions.run((manager) => this.startSession(manager, user.id));
  }

  /**
   * Exchanges a refresh token for a new pair. A token that was already
   * exchanged is a sign of theft, so its whole session is revoked; that
   * revocation commits before the error is raised.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.transactions.run((manager) =>
      this.rotate(manager, hashRefreshToken(refreshToken)),
    );

    switch (outcome.kind) {
      case 'rotated':
        return outcome.tokens;
      case 'reused':
        throw AuthErrors.refreshTokenReused();
      case 'invalid':
        throw AuthErrors.invalidRefreshToken();
    }
  }

  /** Revokes the session of the refresh token. Unknown tokens are ignored, so logout is idempotent. */
  async logout(refreshToken: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const stored = await this.refreshTokens.findByHashForUpdate(
        manager,
        hashRefreshToken(refreshToken),
      );
      if (stored?.session !== undefined) {
        await this.sessions.revoke(manager, { userId: stored.session.userId }, stored.sessionId);
        this.logger.log(
          { userId: stored.session.userId, sessionId: stored.sessionId },
          'Session ended by logout',
        );
      }
    });
  }

  private async rotate(manager: EntityManager, tokenHash: string): Promise<RefreshOutcome> {
    const stored = await this.refreshTokens.findByHashForUpdate(manager, tokenHash);
    const session = stored?.session;

    if (stored === null || session === undefined || session.revokedAt !== null) {
      return { kind: 'invalid' };
    }
    if (stored.usedAt !== null) {
      await this.sessions.revoke(manager, { userId: session.userId }, session.id);
      this.logger.warn(
        { userId: session.userId, sessionId: session.id },
        'Refresh token reused; session revoked',
      );
      return { kind: 'reused' };
    }
    if (stored.expiresAt.getTime() <= Date.now()) {
      return { kind: 'invalid' };
    }

    await this.refreshTokens.updateById(manager, UNSCOPED, stored.id, { usedAt: () => 'now()' });
    return {
      kind: 'rotated',
      tokens: await this.tokens.issue(manager, session.userId, session.id),
    };
  }

  private async startSession(manager: EntityManager, userId: string): Promise<TokenPair> {
    const session = await this.sessions.insert(manager, { userId });
    return this.tokens.issue(manager, userId, session.id);
  }
}

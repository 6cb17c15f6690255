import { createSecretKey } from 'node:crypto';
import { Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountDeletionRegistry } from '../common/account-deletion';
import { RateLimitModule } from '../common/rate-limit/rate-limit.module';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UNSCOPED } from '../database/base.repository';
import { ProfileModule } from '../profile/profile.module';
import { AuthRateLimitInterceptor } from './auth-rate-limit.interceptor';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BearerTokenGuard } from './bearer-token.guard';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [
    ProfileModule,
    RateLimitModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, because jsonwebtoken 9 first tries to parse a string secret as a
        // public or private key on every verify and sign, and that failing attempt costs
        // more than the HMAC itself. The key bytes are the UTF-8 string, as before.
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')),
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.auth.accessTokenTtlSeconds,
          issuer: 'tandem',
        },
        verifyOptions: { algorithms: ['HS256'], issuer: 'tandem' },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    PasswordHasher,
    TokenService,
    UserRepository,
    SessionRepository,
    RefreshTokenRepository,
    AuthRateLimitInterceptor,
    { provide: APP_GUARD, useClass: BearerTokenGuard },
  ],
})
export class AuthModule implements OnModuleInit {
  constructor(
    private readonly accountDeletion: AccountDeletionRegistry,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
  ) {}

  onModuleInit(): void {
    this.accountDeletion.register('auth', async (manager, userId) => {
      await this.sessions.revokeAll(manager, { userId });
      await this.users.softDeleteById(manager, UNSCOPED, userId);
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BaseRepository } from '../database/base.repository';
import { RefreshToken } from './refresh-token.entity';

/** Refresh tokens are found by the hash of the secret the client holds, so they need no owner scope. */
@Injectable()
export class RefreshTokenRepository extends BaseRepository<RefreshToken> {
  constructor() {
    super(RefreshToken);
  }

  /** Finds a token with its session and locks the token row until the transaction ends. */
  findByHashForUpdate(manager: EntityManager, tokenHash: string): Promise<RefreshToken | null> {
    return this.run('findByHashForUpdate', () =>
      manager
        .createQueryBuilder(RefreshToken, 'token')
        .innerJoinAndSelect('token.session', 'session')
        .where('token.tokenHash = :tokenHash', { tokenHash })
        .setLock('pessimistic_write', undefined, ['token'])
        .getOne(),
    );
  }
}

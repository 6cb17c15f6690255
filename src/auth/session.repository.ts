import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { BaseRepository } from '../database/base.repository';
import { Session } from './session.entity';

export interface SessionScope {
  userId: string;
}

@Injectable()
export class SessionRepository extends BaseRepository<Session, SessionScope> {
  constructor() {
    super(Session);
  }

  isActive(manager: EntityManager, scope: SessionScope, sessionId: string): Promise<boolean> {
    return this.exists(manager, scope, { id: sessionId, revokedAt: IsNull() });
  }

  /** Revokes one session; revoking a revoked session changes nothing. */
  async revoke(manager: EntityManager, scope: SessionScope, sessionId: string): Promise<void> {
    await this.run('revoke', () =>
      manager
        .createQueryBuilder()
        .update(Session)
        .set({ revokedAt: () => 'now()' })
        .where({ ...scope, id: sessionId, revokedAt: IsNull() })
        .execute(),
    );
  }

  /** Revokes every session of the user and returns how many were still active. */
  async revokeAll(manager: EntityManager, scope: SessionScope): Promise<number> {
    const result = await this.run('revokeAll', () =>
      manager
        .createQueryBuilder()
        .update(Session)
        .set({ revokedAt: () => 'now()' })
        .where({ ...scope, revokedAt: IsNull() })
        .execute(),
    );
    return result.affected ?? 0;
  }
}

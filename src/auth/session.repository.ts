import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { BaseRepository } from '../database/base.repository';
import { runStatement } from '../database/run-statement';
import { Session } from './session.entity';

export interface SessionScope {
  userId: string;
}

export const SESSION_IS_ACTIVE_SQL =
  'SELECT 1 FROM sessions WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL';

@Injectable()
export class SessionRepository extends BaseRepository<Session, SessionScope> {
  constructor() {
    super(Session);
  }

  /**
   * Checks that the session exists for this user and is not revoked. The auth
   * guard runs this on every request, so it is one fixed statement instead of
   * a query built anew each time.
   */
  async isActive(manager: EntityManager, scope: SessionScope, sessionId: string): Promise<boolean> {
    const rows = await this.run('isActive', () =>
      runStatement(manager, SESSION_IS_ACTIVE_SQL, [sessionId, scope.userId]),
    );
    return rows.length > 0;
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

import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../database/base-columns';
import { User } from './user.entity';

/**
 * One login: the chain of refresh tokens issued from one register or login
 * call. Access tokens name their session, and the auth guard accepts them only
 * while the session is not revoked.
 */
@Entity({ name: 'sessions' })
@Index('ix_sessions_user_id', ['userId'])
export class Session extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'revoked_at', type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;
}

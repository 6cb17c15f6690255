import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { SoftDeletableEntity } from '../database/base-columns';

/**
 * The public face of a user; its id is the user's id. The two prefix indexes
 * serve search and are defined in the migration, because TypeORM cannot
 * describe operator classes or expressions.
 */
@Entity({ name: 'profiles' })
@Index('uq_profiles_username', ['username'], { unique: true, where: 'deleted_at IS NULL' })
@Index('ix_profiles_username_prefix', { synchronize: false })
@Index('ix_profiles_display_name_prefix', { synchronize: false })
export class Profile extends SoftDeletableEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' })
  id: string;

  @OneToOne(() => User)
  @JoinColumn({ name: 'id' })
  user?: User;

  /** 3 to 30 of a-z, 0-9 and underscore, stored lower-case. */
  @Column({ name: 'username', type: 'varchar', length: 30 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'bio', type: 'varchar', length: 500, nullable: true })
  bio: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl: string | null;

  /** IANA time zone name, such as Europe/Berlin. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, nullable: true })
  timeZone: string | null;

  /** BCP 47 language tag, such as en-GB. */
  @Column({ name: 'locale', type: 'varchar', length: 35, nullable: true })
  locale: string | null;
}

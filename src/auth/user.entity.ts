import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SoftDeletableEntity } from '../database/base-columns';

@Entity({ name: 'users' })
@Index('uq_users_email', ['email'], { unique: true, where: 'deleted_at IS NULL' })
export class User extends SoftDeletableEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  /** Stored trimmed and lower-cased, so equality is case-insensitive. */
  @Column({ name: 'email', type: 'varchar', length: 254 })
  email: string;

  /** PHC string of an argon2id hash, parameters included. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;
}

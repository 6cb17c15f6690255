import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { SoftDeletableEntity } from '../database/base-columns';
import { Profile } from '../profile/profile.entity';

/**
 * One user blocking another. Blocks live in a table of their own rather
 * than as a friendship status, because a block is one-directional, both
 * users may block each other, and a block must outlive the friendship it
 * ends. Unblocking soft-deletes the row; uq_blocks_blocker_id_blocked_id
 * allows one live row per direction.
 *
 * ix_blocks_blocker_id_created_at_id serves the blocker's list and
 * ix_blocks_blocked_id_blocker_id the check "did this user block the
 * viewer" that hides profiles. Neither has a predicate, so they also serve
 * the foreign keys they lead.
 */
@Entity({ name: 'blocks' })
@Check('chk_blocks_not_self', `blocker_id <> blocked_id`)
@Index('uq_blocks_blocker_id_blocked_id', ['blockerId', 'blockedId'], {
  unique: true,
  where: 'deleted_at IS NULL',
})
@Index('ix_blocks_blocker_id_created_at_id', ['blockerId', 'createdAt', 'id'])
@Index('ix_blocks_blocked_id_blocker_id', ['blockedId', 'blockerId'])
export class Block extends SoftDeletableEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'blocker_id', type: 'uuid' })
  blockerId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'blocker_id' })
  blocker?: Profile;

  @Column({ name: 'blocked_id', type: 'uuid' })
  blockedId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'blocked_id' })
  blocked?: Profile;
}

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

export const FRIENDSHIP_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type FriendshipStatus = (typeof FRIENDSHIP_STATUSES)[number];

/**
 * A friend request from requester to addressee and, once accepted, the
 * friendship itself. At most one live row exists per unordered pair: the
 * migration creates uq_friendships_pair on (LEAST, GREATEST) of the two ids
 * WHERE deleted_at IS NULL, an expression index TypeORM cannot describe.
 * A declined row stays live, so that the requester's 24-hour cooldown can
 * be read from responded_at, until a new request replaces it.
 *
 * The two list indexes have no predicate, so that they also serve the
 * foreign keys they lead.
 */
@Entity({ name: 'friendships' })
@Check('chk_friendships_status', `status IN ('pending', 'accepted', 'declined')`)
@Check('chk_friendships_not_self', `requester_id <> addressee_id`)
@Check('chk_friendships_responded_unless_pending', `(status = 'pending') = (responded_at IS NULL)`)
@Index('uq_friendships_pair', { synchronize: false })
@Index('ix_friendships_requester_id_status_created_at_id', [
  'requesterId',
  'status',
  'createdAt',
  'id',
])
@Index('ix_friendships_addressee_id_status_created_at_id', [
  'addresseeId',
  'status',
  'createdAt',
  'id',
])
export class Friendship extends SoftDeletableEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'requester_id' })
  requester?: Profile;

  @Column({ name: 'addressee_id', type: 'uuid' })
  addresseeId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'addressee_id' })
  addressee?: Profile;

  @Column({ name: 'status', type: 'varchar', length: 16, default: 'pending' })
  status: FriendshipStatus;

  /** When the addressee accepted or declined; null while pending. */
  @Column({ name: 'responded_at', type: 'timestamptz', precision: 3, nullable: true })
  respondedAt: Date | null;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../database/base-columns';
import { Profile } from '../profile/profile.entity';
import { ScheduleItem } from './schedule-item.entity';

/**
 * Time range a schedule item left when a write changed its startsAt or endsAt,
 * so the window sync feed can report the item to a window it no longer overlaps.
 * Rows are insert-only and have no deleted_at: no endpoint returns them.
 * NOTE: rows are never pruned, because the server does not know how far each
 * client has synced.
 */
@Entity({ name: 'schedule_item_moves' })
@Check('chk_schedule_item_moves_ends_after_starts', `ends_at > starts_at`)
@Index('ix_schedule_item_moves_owner_id_moved_at_starts_at_ends_at', [
  'ownerId',
  'movedAt',
  'startsAt',
  'endsAt',
])
export class ScheduleItemMove extends TimestampedEntity {
  @PrimaryColumn({ name: 'schedule_item_id', type: 'uuid' })
  scheduleItemId: string;

  @ManyToOne(() => ScheduleItem)
  @JoinColumn({ name: 'schedule_item_id' })
  scheduleItem?: ScheduleItem;

  /** The sync clock stamp of the moving write, which that write also stored as the item's updatedAt. */
  @PrimaryColumn({ name: 'moved_at', type: 'timestamptz', precision: 3 })
  movedAt: Date;

  /** The item's owner, copied so that the feed finds an owner's moves by index. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'owner_id' })
  owner?: Profile;

  @Column({ name: 'starts_at', type: 'timestamptz', precision: 3 })
  startsAt: Date;

  /** Exclusive end. */
  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3 })
  endsAt: Date;
}

import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../database/base-columns';
import { Profile } from '../profile/profile.entity';
import { ScheduleItem } from './schedule-item.entity';

/**
 * A time range that a schedule item left: its startsAt and endsAt before a
 * write changed either of them. The window sync feed reads these rows to
 * report an item to a window that it no longer overlaps, so a client can
 * drop its copy.
 *
 * Rows are written once, in the transaction of the moving write, and never
 * updated. They have no deleted_at because no endpoint returns them, and
 * account deletion deletes them outright.
 *
 * The primary key allows one row per item and sync clock stamp, which is
 * one write, and it serves fk_schedule_item_moves_schedule_item_id.
 * ix_schedule_item_moves_owner_id_moved_at_starts_at_ends_at serves the feed
 * (owner, moves after updatedSince) and fk_schedule_item_moves_owner_id,
 * and its trailing columns let the scan test the window on index entries.
 *
 * NOTE: rows are never pruned, so the table gains one row per time change.
 * A row older than every client's last sync is not needed any more, but the
 * server does not know those sync positions.
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

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

export const SCHEDULE_ITEM_VISIBILITIES = ['private', 'busy', 'friends'] as const;
export type ScheduleItemVisibility = (typeof SCHEDULE_ITEM_VISIBILITIES)[number];

/** Maximum duration of an item: 366 days of 24 hours for a timed item, 366 dates for an all-day one. */
export const MAX_DURATION_DAYS = 366;
export const MAX_DURATION_MS = MAX_DURATION_DAYS * 24 * 60 * 60 * 1000;

/**
 * Maximum span from starts_at to ends_at of any row, which bounds the window
 * scan. An all-day item of 366 dates lasts longer than 366 days of 24 hours
 * when the UTC offset of its zone falls in between. That adds an hour when
 * daylight saving time ends, and 24 hours for a date line move such as
 * Alaska's in 1867.
 */
export const MAX_INSTANT_SPAN_MS = (MAX_DURATION_DAYS + 1) * 24 * 60 * 60 * 1000;

/**
 * A calendar entry of one owner. A timed item runs from startsAt to endsAt.
 * An all-day item runs from startDate to endDate (exclusive) in its time
 * zone, and starts_at and ends_at then hold the instants of local midnight of
 * those dates, so one overlap query serves both kinds.
 *
 * ix_schedule_items_owner_id_starts_at_id_ends_at serves the window list.
 * With the span bound of chk_schedule_items_max_duration, an item that
 * overlaps [from, to) starts in (from - 367 days, to), the index range read.
 * The trailing ends_at lets the scan test ends_at > from on index entries, so
 * only overlapping rows are fetched from the table, while the order of
 * (starts_at, id) still serves keyset pages.
 * ix_schedule_items_owner_id_updated_at_id has no predicate because the sync
 * feed reads deleted rows too, and it also serves the owner_id foreign key.
 */
@Entity({ name: 'schedule_items' })
@Check('chk_schedule_items_title_not_blank', `btrim(title) <> ''`)
@Check('chk_schedule_items_ends_after_starts', `ends_at > starts_at`)
@Check(
  'chk_schedule_items_all_day_dates',
  `(all_day AND start_date IS NOT NULL AND end_date IS NOT NULL AND end_date > start_date)
    OR (NOT all_day AND start_date IS NULL AND end_date IS NULL)`,
)
@Check(
  'chk_schedule_items_max_duration',
  `CASE WHEN all_day
     THEN end_date - start_date <= 366 AND ends_at - starts_at <= interval '367 days'
     ELSE ends_at - starts_at <= interval '366 days' END`,
)
@Check('chk_schedule_items_visibility', `visibility IN ('private', 'busy', 'friends')`)
@Index('ix_schedule_items_owner_id_starts_at_id_ends_at', ['ownerId', 'startsAt', 'id', 'endsAt'], {
  where: 'deleted_at IS NULL',
})
@Index('ix_schedule_items_owner_id_updated_at_id', ['ownerId', 'updatedAt', 'id'])
export class ScheduleItem extends SoftDeletableEntity {
  @PrimaryGeneratedColumn('uuid', { name: 'id' })
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'owner_id' })
  owner?: Profile;

  @Column({ name: 'title', type: 'varchar', length: 500 })
  title: string;

  @Column({ name: 'notes', type: 'varchar', length: 10000, nullable: true })
  notes: string | null;

  @Column({ name: 'location', type: 'varchar', length: 500, nullable: true })
  location: string | null;

  @Column({ name: 'starts_at', type: 'timestamptz', precision: 3 })
  startsAt: Date;

  /** Exclusive end. */
  @Column({ name: 'ends_at', type: 'timestamptz', precision: 3 })
  endsAt: Date;

  @Column({ name: 'all_day', type: 'boolean', default: false })
  allDay: boolean;

  /** First day as 'YYYY-MM-DD' in timeZone; null unless allDay. */
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  /** Day after the last day, as 'YYYY-MM-DD' in timeZone; null unless allDay. */
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  /** IANA time zone name, such as Europe/Berlin, in which the dates of an all-day item are read. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ name: 'visibility', type: 'varchar', length: 16, default: 'private' })
  visibility: ScheduleItemVisibility;
}

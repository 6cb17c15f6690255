import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../../database/base-columns';
import { Profile } from '../../profile/profile.entity';

/**
 * The last change stamp given to one owner's rows in one collection, such as
 * 'todos'. Every write to the collection advances it under a row lock, so
 * that the owner's writes commit in stamp order (see SyncClockRepository).
 */
@Entity({ name: 'sync_clocks' })
export class SyncClock extends TimestampedEntity {
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'owner_id' })
  owner?: Profile;

  @PrimaryColumn({ name: 'collection', type: 'varchar', length: 32 })
  collection: string;

  @Column({ name: 'changed_at', type: 'timestamptz', precision: 3 })
  changedAt: Date;
}

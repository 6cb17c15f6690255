import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../../database/base-columns';

/** A fixed-window request counter for one key, such as the login attempts of one IP address. */
@Entity({ name: 'rate_limit_buckets' })
export class RateLimitBucket extends TimestampedEntity {
  @PrimaryColumn({ name: 'key', type: 'varchar', length: 200 })
  key: string;

  @Column({ name: 'window_started_at', type: 'timestamptz', precision: 3 })
  windowStartedAt: Date;

  @Column({ name: 'hits', type: 'integer' })
  hits: number;
}

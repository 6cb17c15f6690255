import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampedEntity } from '../../database/base-columns';
import { Profile } from '../../profile/profile.entity';

/**
 * A client's Idempotency-Key for one create request, with the response it
 * produced. The row is written in the same transaction as the resource, so
 * other transactions see it only together with its response.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey extends TimestampedEntity {
  @PrimaryColumn({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @ManyToOne(() => Profile)
  @JoinColumn({ name: 'owner_id' })
  owner?: Profile;

  @PrimaryColumn({ name: 'key', type: 'varchar', length: 255 })
  key: string;

  /** Hex SHA-256 of the route and the request body, to detect a key reused with another body. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  /** HTTP status of the stored response; null only until the creating transaction completes. */
  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  /** After this instant the key may be used again for another request. */
  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt: Date;
}

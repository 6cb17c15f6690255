import { Column, CreateDateColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * created_at and updated_at, which every table carries. Instants keep
 * millisecond precision so that a value read into a JavaScript Date compares
 * equal to the stored one, which keyset pagination relies on.
 */
export abstract class TimestampedEntity {
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** Timestamps plus a version that rises by one on every update, which serves as the ETag. */
export abstract class VersionedEntity extends TimestampedEntity {
  @VersionColumn({ name: 'version', default: 1 })
  version: number;
}

/** Versioned timestamps plus deleted_at, for user data that is soft-deleted. */
export abstract class SoftDeletableEntity extends VersionedEntity {
  @Column({ name: 'deleted_at', type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;
}

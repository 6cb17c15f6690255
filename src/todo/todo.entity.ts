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

export const TODO_VISIBILITIES = ['private', 'friends'] as const;
export type TodoVisibility = (typeof TODO_VISIBILITIES)[number];

export const MIN_TODO_PRIORITY = 0;
export const MAX_TODO_PRIORITY = 3;

/**
 * A todo of one owner. It is due at an instant (dueAt), on a calendar day
 * (dueDate), or not at all, never both. Each index serves one list sort for
 * one owner. ix_todos_owner_id_updated_at_id has no predicate because the
 * sync feed reads deleted rows too, and it also serves the owner_id foreign key.
 */
@Entity({ name: 'todos' })
@Check('chk_todos_priority_range', `priority BETWEEN 0 AND 3`)
@Check('chk_todos_title_not_blank', `btrim(title) <> ''`)
@Check('chk_todos_due_at_or_due_date', `due_at IS NULL OR due_date IS NULL`)
@Check('chk_todos_visibility', `visibility IN ('private', 'friends')`)
@Index('ix_todos_owner_id_created_at_id', ['ownerId', 'createdAt', 'id'], {
  where: 'deleted_at IS NULL',
})
@Index('ix_todos_owner_id_due_at_id', ['ownerId', 'dueAt', 'id'], { where: 'deleted_at IS NULL' })
@Index('ix_todos_owner_id_priority_id', ['ownerId', 'priority', 'id'], {
  where: 'deleted_at IS NULL',
})
@Index('ix_todos_owner_id_updated_at_id', ['ownerId', 'updatedAt', 'id'])
export class Todo extends SoftDeletableEntity {
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

  /** When the todo was marked completed; null while it is open. */
  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt: Date | null;

  @Column({ name: 'due_at', type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  /** A calendar day as 'YYYY-MM-DD', read in the owner's profile time zone. */
  @Column({ name: 'due_date', type: 'date', nullable: true })
  dueDate: string | null;

  /** 0 (default) to 3; a higher number is more important. */
  @Column({ name: 'priority', type: 'smallint', default: 0 })
  priority: number;

  @Column({ name: 'visibility', type: 'varchar', length: 16, default: 'private' })
  visibility: TodoVisibility;
}

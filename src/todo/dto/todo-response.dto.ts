import { ApiProperty } from '@nestjs/swagger';
import { TODO_VISIBILITIES, Todo, TodoVisibility } from '../todo.entity';

export class TodoResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty()
  completed: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  completedAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  dueAt: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date', example: '2026-03-01' })
  dueDate: string | null;

  @ApiProperty({ minimum: 0, maximum: 3 })
  priority: number;

  @ApiProperty({ enum: TODO_VISIBILITIES })
  visibility: TodoVisibility;

  @ApiProperty({ description: 'Rises by one on every change; the ETag is this number quoted.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(todo: Todo): TodoResponseDto {
    const dto = new TodoResponseDto();
    dto.id = todo.id;
    dto.title = todo.title;
    dto.notes = todo.notes;
    dto.completed = todo.completedAt !== null;
    dto.completedAt = todo.completedAt?.toISOString() ?? null;
    dto.dueAt = todo.dueAt?.toISOString() ?? null;
    dto.dueDate = todo.dueDate;
    dto.priority = todo.priority;
    dto.visibility = todo.visibility;
    dto.version = todo.version;
    dto.createdAt = todo.createdAt.toISOString();
    dto.updatedAt = todo.updatedAt.toISOString();
    return dto;
  }
}

/** The sync feed's record of a deleted todo, so a client can drop its copy. */
export class TodoTombstoneDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  deletedAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(todo: Todo & { deletedAt: Date }): TodoTombstoneDto {
    const dto = new TodoTombstoneDto();
    dto.id = todo.id;
    dto.deletedAt = todo.deletedAt.toISOString();
    dto.updatedAt = todo.updatedAt.toISOString();
    return dto;
  }
}

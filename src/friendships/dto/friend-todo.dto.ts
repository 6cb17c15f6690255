import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/pagination.dto';
import { Todo } from '../../todo/todo.entity';

/**
 * A friend's todo in the form friends receive it. Notes stay with the owner, because
 * they often hold details the owner did not mean to share by marking the
 * todo visible to friends; version is left out because friends cannot
 * change the todo.
 */
export class FriendTodoDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

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

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(todo: Todo): FriendTodoDto {
    const dto = new FriendTodoDto();
    dto.id = todo.id;
    dto.title = todo.title;
    dto.completed = todo.completedAt !== null;
    dto.completedAt = todo.completedAt?.toISOString() ?? null;
    dto.dueAt = todo.dueAt?.toISOString() ?? null;
    dto.dueDate = todo.dueDate;
    dto.priority = todo.priority;
    dto.createdAt = todo.createdAt.toISOString();
    dto.updatedAt = todo.updatedAt.toISOString();
    return dto;
  }
}

export class FriendTodoPageDto extends PageDto<FriendTodoDto> {
  @ApiProperty({ type: [FriendTodoDto] })
  data: FriendTodoDto[];
}

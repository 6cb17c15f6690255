import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDate, IsRfc3339Instant } from '../../common/validation/date-time';
import { Trim } from '../../common/validation/transforms';
import { IsNotNullWhenPresent } from '../../common/validation/validators';
import {
  MAX_TODO_PRIORITY,
  MIN_TODO_PRIORITY,
  TODO_VISIBILITIES,
  TodoVisibility,
} from '../todo.entity';
import { MAX_NOTES_LENGTH, MAX_TITLE_LENGTH } from './create-todo.dto';

/**
 * A partial update: absent fields stay as they are, and null clears notes,
 * dueAt or dueDate. The merged todo must not have both dueAt and dueDate, so
 * switching from one to the other sends null for the old one.
 */
export class UpdateTodoDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: MAX_TITLE_LENGTH })
  @IsNotNullWhenPresent()
  @Trim()
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTES_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_LENGTH)
  notes?: string | null;

  @ApiPropertyOptional({
    description:
      'true sets completedAt to now unless the todo is already completed; false clears it.',
  })
  @IsNotNullWhenPresent()
  @IsBoolean()
  completed?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date-time' })
  @IsOptional()
  @IsRfc3339Instant()
  dueAt?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({ minimum: MIN_TODO_PRIORITY, maximum: MAX_TODO_PRIORITY })
  @IsNotNullWhenPresent()
  @IsInt()
  @Min(MIN_TODO_PRIORITY)
  @Max(MAX_TODO_PRIORITY)
  priority?: number;

  @ApiPropertyOptional({ enum: TODO_VISIBILITIES })
  @IsNotNullWhenPresent()
  @IsIn(TODO_VISIBILITIES)
  visibility?: TodoVisibility;
}

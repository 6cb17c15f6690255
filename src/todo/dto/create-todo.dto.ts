import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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

export const MAX_TITLE_LENGTH = 500;
export const MAX_NOTES_LENGTH = 10_000;

export class CreateTodoDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TITLE_LENGTH, description: 'Trimmed; not blank.' })
  @Trim()
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_NOTES_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_LENGTH)
  notes?: string | null;

  @ApiPropertyOptional({ description: 'true sets completedAt to now.', default: false })
  @IsNotNullWhenPresent()
  @IsBoolean()
  completed?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'An instant with an offset. Not together with dueDate.',
    example: '2026-03-01T09:30:00Z',
  })
  @IsOptional()
  @IsRfc3339Instant()
  dueAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'date',
    description: 'A day without a time. Not together with dueAt.',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsCalendarDate()
  dueDate?: string | null;

  @ApiPropertyOptional({
    minimum: MIN_TODO_PRIORITY,
    maximum: MAX_TODO_PRIORITY,
    default: 0,
    description: 'A higher number is more important.',
  })
  @IsNotNullWhenPresent()
  @IsInt()
  @Min(MIN_TODO_PRIORITY)
  @Max(MAX_TODO_PRIORITY)
  priority?: number;

  @ApiPropertyOptional({ enum: TODO_VISIBILITIES, default: 'private' })
  @IsNotNullWhenPresent()
  @IsIn(TODO_VISIBILITIES)
  visibility?: TodoVisibility;
}

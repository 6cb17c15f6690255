import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsRfc3339Instant } from '../../common/validation/date-time';
import { ToBooleanFromQuery } from '../../common/validation/query-transforms';
import { TODO_VISIBILITIES, TodoVisibility } from '../todo.entity';
import { TodoResponseDto, TodoTombstoneDto } from './todo-response.dto';

export const TODO_SORTS = ['createdAt', 'dueAt', 'priority', 'updatedAt'] as const;
export type TodoSort = (typeof TODO_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** The order a person usually wants first: newest, most important, soonest due. */
export const DEFAULT_ORDER: Readonly<Record<TodoSort, SortOrder>> = {
  createdAt: 'desc',
  updatedAt: 'desc',
  priority: 'desc',
  dueAt: 'asc',
};

export class ListTodosQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'true: completed todos only; false: open todos only.' })
  @ToBooleanFromQuery()
  @IsOptional()
  @IsBoolean()
  completed?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Inclusive start of the due window. A dueAt must fall in [dueFrom, dueTo); a dueDate matches when its day, in the profile time zone (else UTC), overlaps the window. Todos without a due never match.',
  })
  @IsOptional()
  @IsRfc3339Instant()
  dueFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive end of the due window.' })
  @IsOptional()
  @IsRfc3339Instant()
  dueTo?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 500,
    description: 'Text the title contains, case-insensitive; % and _ match literally.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  q?: string;

  @ApiPropertyOptional({ enum: TODO_VISIBILITIES })
  @IsOptional()
  @IsIn(TODO_VISIBILITIES)
  visibility?: TodoVisibility;

  @ApiPropertyOptional({
    enum: TODO_SORTS,
    default: 'createdAt',
    description:
      'Sort key; ties are broken by id in the same order. For dueAt, todos without dueAt (undated or with only dueDate) count as due after every dated one: last in asc, first in desc.',
  })
  @IsOptional()
  @IsIn(TODO_SORTS)
  sort?: TodoSort;

  @ApiPropertyOptional({
    enum: SORT_ORDERS,
    description:
      'Default: desc for createdAt, updatedAt and priority (newest or most important first); asc for dueAt (soonest first); asc in sync mode.',
  })
  @IsOptional()
  @IsIn(SORT_ORDERS)
  order?: SortOrder;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Sync mode: only todos changed strictly after this instant, ordered by updatedAt then id, ascending. Pass the updatedAt of the last item received. Sync mode takes no other filter and no sort other than updatedAt asc.',
  })
  @IsOptional()
  @IsRfc3339Instant()
  updatedSince?: string;

  @ApiPropertyOptional({
    description:
      'true turns on sync mode and returns deleted todos as tombstones { id, deletedAt, updatedAt }.',
  })
  @ToBooleanFromQuery()
  @IsOptional()
  @IsBoolean()
  includeDeleted?: boolean;
}

@ApiExtraModels(TodoResponseDto, TodoTombstoneDto)
export class TodoPageDto extends PageDto<TodoResponseDto | TodoTombstoneDto> {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [{ $ref: getSchemaPath(TodoResponseDto) }, { $ref: getSchemaPath(TodoTombstoneDto) }],
    },
    description: 'Todos; in sync mode with includeDeleted=true, deleted ones as tombstones.',
  })
  data: (TodoResponseDto | TodoTombstoneDto)[];
}

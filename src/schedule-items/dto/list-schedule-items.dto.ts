import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
  IntersectionType,
} from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { IsRfc3339Instant } from '../../common/validation/date-time';
import { ToBooleanFromQuery } from '../../common/validation/query-transforms';
import { ScheduleItemResponseDto, ScheduleItemTombstoneDto } from './schedule-item-response.dto';
import { WindowQueryDto } from './window-query.dto';

export class ListScheduleItemsQueryDto extends IntersectionType(
  PaginationQueryDto,
  WindowQueryDto,
) {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'Sync mode: only items changed strictly after this instant that overlap the window now or were moved out of it after this instant, ordered by updatedAt then id, ascending. A moved-out item comes with its new times, so drop it from the window when it no longer overlaps. Pass the updatedAt of the last item received.',
  })
  @IsOptional()
  @IsRfc3339Instant()
  updatedSince?: string;

  @ApiPropertyOptional({
    description:
      'true turns on sync mode and returns deleted items of the window as tombstones { id, deletedAt, updatedAt }.',
  })
  @ToBooleanFromQuery()
  @IsOptional()
  @IsBoolean()
  includeDeleted?: boolean;
}

@ApiExtraModels(ScheduleItemResponseDto, ScheduleItemTombstoneDto)
export class ScheduleItemPageDto extends PageDto<
  ScheduleItemResponseDto | ScheduleItemTombstoneDto
> {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(ScheduleItemResponseDto) },
        { $ref: getSchemaPath(ScheduleItemTombstoneDto) },
      ],
    },
    description:
      'Items that overlap the window; in sync mode with includeDeleted=true, deleted ones as tombstones.',
  })
  data: (ScheduleItemResponseDto | ScheduleItemTombstoneDto)[];
}

import { ApiProperty } from '@nestjs/swagger';
import { ScheduleItemResponseDto } from './schedule-item-response.dto';

/** Two of the caller's items whose times overlap; first has the smaller id. */
export class ScheduleItemConflictDto {
  @ApiProperty({ type: ScheduleItemResponseDto })
  first: ScheduleItemResponseDto;

  @ApiProperty({ type: ScheduleItemResponseDto })
  second: ScheduleItemResponseDto;
}

export class ScheduleItemConflictsDto {
  @ApiProperty({
    type: [ScheduleItemConflictDto],
    description:
      'Pairs of live items that overlap each other and the window, ordered by the instant their overlap begins, then first.id and second.id. At most 100 pairs.',
  })
  data: ScheduleItemConflictDto[];

  @ApiProperty({
    description:
      'true when more than 100 pairs exist: data holds the 100 whose overlap begins first; ask again with a narrower window for the rest.',
  })
  truncated: boolean;
}

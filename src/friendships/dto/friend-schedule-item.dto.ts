import { ApiExtraModels, ApiProperty, getSchemaPath, IntersectionType } from '@nestjs/swagger';
import { PageDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { ScheduleItem } from '../../schedule-items/schedule-item.entity';
import { WindowQueryDto } from '../../schedule-items/dto/window-query.dto';

export class FriendScheduleQueryDto extends IntersectionType(PaginationQueryDto, WindowQueryDto) {}

/**
 * A friend's item with visibility friends. Notes stay with the owner, as for
 * a friend's todos, because they often contain details the owner did not mean
 * to share. Version and visibility are left out, because friends cannot
 * change the item and the visibility is always friends. busy is false here
 * and true in a BusyScheduleItemDto, so clients can tell the two forms apart.
 */
export class FriendScheduleItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  location: string | null;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive end.' })
  endsAt: string;

  @ApiProperty()
  allDay: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'null unless allDay.' })
  startDate: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date',
    description: 'Exclusive; null unless allDay.',
  })
  endDate: string | null;

  @ApiProperty({ example: 'Europe/Berlin' })
  timeZone: string;

  @ApiProperty({ enum: [false] })
  busy: false;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(item: ScheduleItem): FriendScheduleItemDto {
    const dto = new FriendScheduleItemDto();
    dto.id = item.id;
    dto.title = item.title;
    dto.location = item.location;
    dto.startsAt = item.startsAt.toISOString();
    dto.endsAt = item.endsAt.toISOString();
    dto.allDay = item.allDay;
    dto.startDate = item.startDate;
    dto.endDate = item.endDate;
    dto.timeZone = item.timeZone;
    dto.busy = false;
    dto.createdAt = item.createdAt.toISOString();
    dto.updatedAt = item.updatedAt.toISOString();
    return dto;
  }
}

/** A friend's item with visibility busy: when the friend is busy, and nothing else. */
export class BusyScheduleItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  startsAt: string;

  @ApiProperty({ format: 'date-time', description: 'Exclusive end.' })
  endsAt: string;

  @ApiProperty()
  allDay: boolean;

  @ApiProperty({ enum: [true] })
  busy: true;

  static from(item: ScheduleItem): BusyScheduleItemDto {
    const dto = new BusyScheduleItemDto();
    dto.id = item.id;
    dto.startsAt = item.startsAt.toISOString();
    dto.endsAt = item.endsAt.toISOString();
    dto.allDay = item.allDay;
    dto.busy = true;
    return dto;
  }
}

@ApiExtraModels(FriendScheduleItemDto, BusyScheduleItemDto)
export class FriendSchedulePageDto extends PageDto<FriendScheduleItemDto | BusyScheduleItemDto> {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(FriendScheduleItemDto) },
        { $ref: getSchemaPath(BusyScheduleItemDto) },
      ],
    },
    description: 'Items with visibility friends in full and busy ones as busy blocks.',
  })
  data: (FriendScheduleItemDto | BusyScheduleItemDto)[];
}

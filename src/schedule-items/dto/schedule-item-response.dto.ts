import { ApiProperty } from '@nestjs/swagger';
import {
  SCHEDULE_ITEM_VISIBILITIES,
  ScheduleItem,
  ScheduleItemVisibility,
} from '../schedule-item.entity';

export class ScheduleItemResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  notes: string | null;

  @ApiProperty({ type: String, nullable: true })
  location: string | null;

  @ApiProperty({
    format: 'date-time',
    description: 'For an all-day item, local midnight of startDate in timeZone.',
  })
  startsAt: string;

  @ApiProperty({
    format: 'date-time',
    description: 'Exclusive end; for an all-day item, local midnight of endDate in timeZone.',
  })
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

  @ApiProperty({ enum: SCHEDULE_ITEM_VISIBILITIES })
  visibility: ScheduleItemVisibility;

  @ApiProperty({ description: 'Rises by one on every change; the ETag is this number quoted.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(item: ScheduleItem): ScheduleItemResponseDto {
    const dto = new ScheduleItemResponseDto();
    dto.id = item.id;
    dto.title = item.title;
    dto.notes = item.notes;
    dto.location = item.location;
    dto.startsAt = item.startsAt.toISOString();
    dto.endsAt = item.endsAt.toISOString();
    dto.allDay = item.allDay;
    dto.startDate = item.startDate;
    dto.endDate = item.endDate;
    dto.timeZone = item.timeZone;
    dto.visibility = item.visibility;
    dto.version = item.version;
    dto.createdAt = item.createdAt.toISOString();
    dto.updatedAt = item.updatedAt.toISOString();
    return dto;
  }
}

/** The sync feed's record of a deleted schedule item, so a client can drop its copy. */
export class ScheduleItemTombstoneDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'date-time' })
  deletedAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(item: ScheduleItem & { deletedAt: Date }): ScheduleItemTombstoneDto {
    const dto = new ScheduleItemTombstoneDto();
    dto.id = item.id;
    dto.deletedAt = item.deletedAt.toISOString();
    dto.updatedAt = item.updatedAt.toISOString();
    return dto;
  }
}

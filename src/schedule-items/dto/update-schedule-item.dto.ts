import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsCalendarDate, IsRfc3339Instant } from '../../common/validation/date-time';
import { Trim } from '../../common/validation/transforms';
import { IsIanaTimeZone, IsNotNullWhenPresent } from '../../common/validation/validators';
import { SCHEDULE_ITEM_VISIBILITIES, ScheduleItemVisibility } from '../schedule-item.entity';
import {
  MAX_LOCATION_LENGTH,
  MAX_NOTES_LENGTH,
  MAX_TITLE_LENGTH,
} from './create-schedule-item.dto';

/**
 * A partial update: absent fields stay as they are, and null clears notes or
 * location. Switching allDay drops the times of the old kind, so the request
 * sends those of the new one: startsAt and endsAt, or startDate and endDate.
 */
export class UpdateScheduleItemDto {
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

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_LOCATION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LOCATION_LENGTH)
  location?: string | null;

  @ApiPropertyOptional()
  @IsNotNullWhenPresent()
  @IsBoolean()
  allDay?: boolean;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsNotNullWhenPresent()
  @IsRfc3339Instant()
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsNotNullWhenPresent()
  @IsRfc3339Instant()
  endsAt?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsNotNullWhenPresent()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsNotNullWhenPresent()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description: 'IANA time zone name; changing it moves the instants of an all-day item.',
  })
  @IsNotNullWhenPresent()
  @IsString()
  @MaxLength(64)
  @IsIanaTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({ enum: SCHEDULE_ITEM_VISIBILITIES })
  @IsNotNullWhenPresent()
  @IsIn(SCHEDULE_ITEM_VISIBILITIES)
  visibility?: ScheduleItemVisibility;
}

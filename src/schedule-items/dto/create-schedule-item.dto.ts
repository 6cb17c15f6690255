import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { IsCalendarDate, IsRfc3339Instant } from '../../common/validation/date-time';
import { Trim } from '../../common/validation/transforms';
import { IsIanaTimeZone, IsNotNullWhenPresent } from '../../common/validation/validators';
import { SCHEDULE_ITEM_VISIBILITIES, ScheduleItemVisibility } from '../schedule-item.entity';

export const MAX_TITLE_LENGTH = 500;
export const MAX_NOTES_LENGTH = 10_000;
export const MAX_LOCATION_LENGTH = 500;

/**
 * A new schedule item: timed with startsAt and endsAt, or with allDay true,
 * startDate and endDate. Which combinations are valid is checked by
 * resolveTiming, the path that PATCH shares.
 */
export class CreateScheduleItemDto {
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

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_LOCATION_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_LOCATION_LENGTH)
  location?: string | null;

  @ApiPropertyOptional({
    default: false,
    description: 'true: the item covers whole days from startDate to endDate (exclusive).',
  })
  @IsNotNullWhenPresent()
  @IsBoolean()
  allDay?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Start instant with an offset; required for a timed item, absent for all-day.',
    example: '2026-03-01T09:30:00Z',
  })
  @IsNotNullWhenPresent()
  @IsRfc3339Instant()
  startsAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Exclusive end instant, after startsAt and at most 366 days later.',
    example: '2026-03-01T10:30:00Z',
  })
  @IsNotNullWhenPresent()
  @IsRfc3339Instant()
  endsAt?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'First day of an all-day item, read in timeZone.',
    example: '2026-03-08',
  })
  @IsNotNullWhenPresent()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({
    format: 'date',
    description:
      'Exclusive end day of an all-day item: after startDate and at most 366 days later.',
    example: '2026-03-09',
  })
  @IsNotNullWhenPresent()
  @IsCalendarDate()
  endDate?: string;

  @ApiPropertyOptional({
    maxLength: 64,
    description:
      "IANA time zone name. Default: the owner's profile time zone, else UTC. An all-day item starts and ends at local midnight in this zone.",
    example: 'Europe/Berlin',
  })
  @IsNotNullWhenPresent()
  @IsString()
  @MaxLength(64)
  @IsIanaTimeZone()
  timeZone?: string;

  @ApiPropertyOptional({
    enum: SCHEDULE_ITEM_VISIBILITIES,
    default: 'private',
    description: 'busy shows friends only that the time is taken.',
  })
  @IsNotNullWhenPresent()
  @IsIn(SCHEDULE_ITEM_VISIBILITIES)
  visibility?: ScheduleItemVisibility;
}

import { ApiProperty } from '@nestjs/swagger';
import { IsRfc3339Instant } from '../../common/validation/date-time';

/** The half-open window [from, to) of the list, conflicts and calendar export routes. */
export class WindowQueryDto {
  @ApiProperty({
    format: 'date-time',
    description: 'Inclusive start of the window; an item that ends exactly here is left out.',
    example: '2026-03-01T00:00:00Z',
  })
  @IsRfc3339Instant()
  from: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'Exclusive end of the window: after from and at most 366 days later. An item that starts exactly here is left out.',
    example: '2026-04-01T00:00:00Z',
  })
  @IsRfc3339Instant()
  to: string;
}

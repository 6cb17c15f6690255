import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CommonErrors } from '../../common/errors/common-errors';
import { PageDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { FriendshipListFilter } from '../friendship.repository';
import { FriendshipResponseDto } from './friendship-response.dto';

export const LISTED_STATUSES = ['accepted', 'pending'] as const;
export const DIRECTIONS = ['incoming', 'outgoing'] as const;

export class ListFriendshipsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: LISTED_STATUSES, default: 'accepted' })
  @IsOptional()
  @IsIn(LISTED_STATUSES)
  status?: (typeof LISTED_STATUSES)[number];

  @ApiPropertyOptional({
    enum: DIRECTIONS,
    description:
      'With status=pending only: incoming requests (sent to you) or outgoing ones (sent by you); both when absent.',
  })
  @IsOptional()
  @IsIn(DIRECTIONS)
  direction?: (typeof DIRECTIONS)[number];
}

/** Resolves the query into a list filter, or raises validation_failed for a direction on accepted friendships. */
export function friendshipListFilterOf(query: ListFriendshipsQueryDto): FriendshipListFilter {
  if (query.status === 'pending') {
    return { status: 'pending', direction: query.direction };
  }
  if (query.direction !== undefined) {
    throw CommonErrors.validationFailed([
      { field: 'direction', message: 'direction applies only with status=pending.' },
    ]);
  }
  return { status: 'accepted' };
}

export class FriendshipPageDto extends PageDto<FriendshipResponseDto> {
  @ApiProperty({ type: [FriendshipResponseDto] })
  data: FriendshipResponseDto[];
}

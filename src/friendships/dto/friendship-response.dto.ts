import { ApiProperty } from '@nestjs/swagger';
import { PublicProfileDto } from '../../profile/dto/profile-response.dto';
import { Profile } from '../../profile/profile.entity';
import { FRIENDSHIP_STATUSES, Friendship, FriendshipStatus } from '../friendship.entity';

export class FriendshipResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: FRIENDSHIP_STATUSES })
  status: FriendshipStatus;

  @ApiProperty({
    enum: ['incoming', 'outgoing'],
    description: 'outgoing when you sent the request, incoming when the other user did.',
  })
  direction: 'incoming' | 'outgoing';

  @ApiProperty({ format: 'uuid' })
  requesterId: string;

  @ApiProperty({ format: 'uuid' })
  addresseeId: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the addressee accepted or declined; null while pending.',
  })
  respondedAt: string | null;

  @ApiProperty({ description: 'Rises by one on every change; the ETag is this number quoted.' })
  version: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ type: PublicProfileDto, description: 'The public profile of the other user.' })
  profile: PublicProfileDto;

  static from(friendship: Friendship, viewerId: string, other: Profile): FriendshipResponseDto {
    const dto = new FriendshipResponseDto();
    dto.id = friendship.id;
    dto.status = friendship.status;
    dto.direction = friendship.requesterId === viewerId ? 'outgoing' : 'incoming';
    dto.requesterId = friendship.requesterId;
    dto.addresseeId = friendship.addresseeId;
    dto.respondedAt = friendship.respondedAt?.toISOString() ?? null;
    dto.version = friendship.version;
    dto.createdAt = friendship.createdAt.toISOString();
    dto.updatedAt = friendship.updatedAt.toISOString();
    dto.profile = PublicProfileDto.from(other);
    return dto;
  }
}

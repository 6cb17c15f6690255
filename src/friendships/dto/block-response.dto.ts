import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '../../common/pagination/pagination.dto';
import { PublicProfileDto } from '../../profile/dto/profile-response.dto';
import { Block } from '../block.entity';

/**
 * A block as POST /v1/blocks returns it. It carries no profile, because the
 * blocked user may have blocked the caller in turn, and their profile is
 * then hidden from the caller.
 */
export class BlockResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The blocked user.' })
  userId: string;

  @ApiProperty({ format: 'date-time', description: 'When the block started.' })
  blockedAt: string;

  static from(block: Block): BlockResponseDto {
    return BlockResponseDto.fill(new BlockResponseDto(), block);
  }

  protected static fill<T extends BlockResponseDto>(dto: T, block: Block): T {
    dto.userId = block.blockedId;
    dto.blockedAt = block.createdAt.toISOString();
    return dto;
  }
}

/** An entry of GET /v1/blocks: the block and the blocked user's public profile. */
export class BlockedProfileDto extends BlockResponseDto {
  @ApiProperty({ type: PublicProfileDto })
  profile: PublicProfileDto;

  /** Maps a block listed with its blocked profile joined. */
  static fromJoined(block: Block): BlockedProfileDto {
    if (block.blocked === undefined) {
      throw new Error(`Block ${block.id} was listed without the blocked user's profile.`);
    }
    const dto = BlockResponseDto.fill(new BlockedProfileDto(), block);
    dto.profile = PublicProfileDto.from(block.blocked);
    return dto;
  }
}

export class BlockPageDto extends PageDto<BlockedProfileDto> {
  @ApiProperty({ type: [BlockedProfileDto] })
  data: BlockedProfileDto[];
}

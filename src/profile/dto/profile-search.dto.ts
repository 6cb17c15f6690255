import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PageDto, PaginationQueryDto } from '../../common/pagination/pagination.dto';
import { Trim } from '../../common/validation/transforms';
import { PublicProfileDto } from './profile-response.dto';

export class ProfileSearchQueryDto extends PaginationQueryDto {
  @ApiProperty({
    description: 'Prefix of a username or display name, case-insensitive.',
    minLength: 1,
    maxLength: 100,
  })
  @Trim()
  @IsString()
  @Length(1, 100)
  q: string;
}

export class ProfilePageDto extends PageDto<PublicProfileDto> {
  @ApiProperty({ type: [PublicProfileDto] })
  data: PublicProfileDto[];
}

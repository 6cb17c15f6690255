import { ApiProperty } from '@nestjs/swagger';
import { Profile } from '../profile.entity';

/** Fields anyone signed in may see of a live profile. */
export class PublicProfileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada_l' })
  username: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  displayName: string;

  @ApiProperty({ type: String, nullable: true })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uri' })
  avatarUrl: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  static from(profile: Profile): PublicProfileDto {
    return PublicProfileDto.fill(new PublicProfileDto(), profile);
  }

  protected static fill<T extends PublicProfileDto>(dto: T, profile: Profile): T {
    dto.id = profile.id;
    dto.username = profile.username;
    dto.displayName = profile.displayName;
    dto.bio = profile.bio;
    dto.avatarUrl = profile.avatarUrl;
    dto.createdAt = profile.createdAt.toISOString();
    dto.updatedAt = profile.updatedAt.toISOString();
    return dto;
  }
}

/** The owner's view of a profile: the public fields plus time zone and locale. */
export class ProfileResponseDto extends PublicProfileDto {
  @ApiProperty({ type: String, nullable: true, example: 'Europe/Berlin' })
  timeZone: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'en-GB' })
  locale: string | null;

  static override from(profile: Profile): ProfileResponseDto {
    const dto = PublicProfileDto.fill(new ProfileResponseDto(), profile);
    dto.timeZone = profile.timeZone;
    dto.locale = profile.locale;
    return dto;
  }
}

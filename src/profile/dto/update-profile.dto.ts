import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { Trim, TrimLowerCase } from '../../common/validation/transforms';
import {
  IsBcp47LanguageTag,
  IsIanaTimeZone,
  IsNotNullWhenPresent,
} from '../../common/validation/validators';
import { USERNAME_PATTERN } from './username';

/** A partial update: absent fields stay as they are, and null clears an optional field. */
export class UpdateProfileDto {
  @ApiPropertyOptional({ pattern: USERNAME_PATTERN.source })
  @IsNotNullWhenPresent()
  @TrimLowerCase()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 30 of a-z, 0-9 and _' })
  username?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @IsNotNullWhenPresent()
  @Trim()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  bio?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'uri',
    description: 'An https URL.',
  })
  @IsOptional()
  @IsUrl(
    { protocols: ['https'], require_protocol: true },
    { message: 'avatarUrl must be an https URL' },
  )
  @MaxLength(2048)
  avatarUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Europe/Berlin' })
  @IsOptional()
  @IsIanaTimeZone()
  timeZone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'en-GB' })
  @IsOptional()
  @IsBcp47LanguageTag()
  @MaxLength(35)
  locale?: string | null;
}

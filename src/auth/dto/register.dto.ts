import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { Trim, TrimLowerCase } from '../../common/validation/transforms';
import { USERNAME_PATTERN } from '../../profile/dto/username';

export class RegisterDto {
  @ApiProperty({
    example: 'ada@example.com',
    maxLength: 254,
    description: 'Compared case-insensitively.',
  })
  @TrimLowerCase()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password: string;

  @ApiProperty({
    example: 'ada_l',
    pattern: USERNAME_PATTERN.source,
    description: 'Stored lower-case.',
  })
  @TrimLowerCase()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 30 of a-z, 0-9 and _' })
  username: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 100, description: 'Defaults to the username.' })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  displayName?: string;
}

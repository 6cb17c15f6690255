import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token of the last token response.' })
  @IsString()
  @Length(1, 256)
  refreshToken: string;
}

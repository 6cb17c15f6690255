import { ApiProperty } from '@nestjs/swagger';
import { ProfileResponseDto } from '../../profile/dto/profile-response.dto';
import { TokenPair } from '../token.service';
import { User } from '../user.entity';

export class TokenResponseDto implements TokenPair {
  @ApiProperty({ description: 'JWT to send as Authorization: Bearer <accessToken>.' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque token for POST /v1/auth/refresh; each one works once.' })
  refreshToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expiresIn: number;

  static from(tokens: TokenPair): TokenResponseDto {
    const dto = new TokenResponseDto();
    dto.accessToken = tokens.accessToken;
    dto.refreshToken = tokens.refreshToken;
    dto.tokenType = tokens.tokenType;
    dto.expiresIn = tokens.expiresIn;
    return dto;
  }
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(user: User): UserResponseDto {
    const dto = new UserResponseDto();
    dto.id = user.id;
    dto.email = user.email;
    dto.createdAt = user.createdAt.toISOString();
    return dto;
  }
}

export class RegisterResponseDto extends TokenResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;

  @ApiProperty({ type: ProfileResponseDto })
  profile: ProfileResponseDto;
}

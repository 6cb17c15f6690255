import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { TrimLowerCase } from '../../common/validation/transforms';

export class LoginDto {
  @ApiProperty({ example: 'ada@example.com' })
  @TrimLowerCase()
  @IsString()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;
}

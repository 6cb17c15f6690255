import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CreateBlockDto {
  @ApiProperty({ format: 'uuid', description: 'The user to block.' })
  @IsUUID()
  userId: string;
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';
import { CommonErrors } from '../../common/errors/common-errors';
import { TrimLowerCase } from '../../common/validation/transforms';
import { IsNotNullWhenPresent } from '../../common/validation/validators';
import { USERNAME_PATTERN } from '../../profile/dto/username';

/** A friend request names its addressee by id or by username, exactly one of the two. */
export class CreateFriendshipDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The addressee; send this or username.' })
  @IsNotNullWhenPresent()
  @IsUUID()
  addresseeId?: string;

  @ApiPropertyOptional({
    pattern: USERNAME_PATTERN.source,
    description: 'The addressee, case-insensitive; send this or addresseeId.',
  })
  @IsNotNullWhenPresent()
  @TrimLowerCase()
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3 to 30 of a-z, 0-9 and _' })
  username?: string;
}

export type AddresseeReference = { userId: string } | { username: string };

/** Returns the one addressee reference of a valid body, or raises validation_failed. */
export function addresseeReferenceOf(body: CreateFriendshipDto): AddresseeReference {
  if (body.addresseeId !== undefined && body.username === undefined) {
    return { userId: body.addresseeId };
  }
  if (body.username !== undefined && body.addresseeId === undefined) {
    return { username: body.username };
  }
  throw CommonErrors.validationFailed([
    { field: 'addresseeId', message: 'Send exactly one of addresseeId and username.' },
  ]);
}

import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

export const MAX_RELATIONSHIP_IDS = 100;

export const FRIENDSHIP_STATES = [
  'none',
  'pending_outgoing',
  'pending_incoming',
  'accepted',
] as const;
export type FriendshipState = (typeof FRIENDSHIP_STATES)[number];

/**
 * Splits ids=a,b,c into an array. A repeated parameter (ids=a&ids=b) arrives
 * as an array and is split the same way; anything else passes through for
 * the validators to reject.
 */
function splitCommaSeparated({ value }: { value: unknown }): unknown {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) {
    return value;
  }
  return parts.flatMap((part) => part.split(',')).map((part) => part.trim());
}

export class RelationshipsQueryDto {
  @ApiProperty({
    type: String,
    description: `1 to ${MAX_RELATIONSHIP_IDS} comma-separated user ids.`,
    example: '7c0e0d52-5a4e-4a8e-9d4c-1f7f2f3c6a11,2b1e3c4d-6f70-4a81-92a3-b4c5d6e7f809',
  })
  @Transform(splitCommaSeparated)
  @IsArray({ message: `ids must be 1 to ${MAX_RELATIONSHIP_IDS} comma-separated user ids` })
  @ArrayMinSize(1, { message: 'ids must name at least one user id' })
  @ArrayMaxSize(MAX_RELATIONSHIP_IDS, {
    message: `ids must name at most ${MAX_RELATIONSHIP_IDS} user ids`,
  })
  @IsUUID(undefined, { each: true, message: 'each of ids must be a UUID' })
  ids: string[];
}

export class RelationshipDto {
  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({
    enum: FRIENDSHIP_STATES,
    description:
      'pending_outgoing: you asked; pending_incoming: they asked you. A declined request, an unknown or a deleted user is none.',
  })
  friendship: FriendshipState;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  friendshipId: string | null;

  @ApiProperty({ description: 'True when you block this user.' })
  blocking: boolean;
}

export class RelationshipsResponseDto {
  @ApiProperty({ type: [RelationshipDto], description: 'One entry per requested id, in order.' })
  data: RelationshipDto[];
}

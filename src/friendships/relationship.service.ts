import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { FriendshipState, RelationshipDto } from './dto/relationships.dto';
import { RelationshipRepository, RelationshipRow } from './relationship.repository';

@Injectable()
export class RelationshipService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly relationships: RelationshipRepository,
  ) {}

  /** Returns the caller's relationship to each user, once per distinct id, in request order. */
  async lookup(viewerId: string, userIds: readonly string[]): Promise<RelationshipDto[]> {
    const distinctIds = [...new Set(userIds.map((id) => id.toLowerCase()))];
    const rows = await this.relationships.findForViewer(
      this.transactions.manager,
      viewerId,
      distinctIds,
    );
    return rows.map((row) => toDto(row, viewerId));
  }
}

function toDto(row: RelationshipRow, viewerId: string): RelationshipDto {
  const dto = new RelationshipDto();
  dto.userId = row.userId;
  dto.friendship = stateOf(row, viewerId);
  dto.friendshipId = dto.friendship === 'none' ? null : row.friendshipId;
  dto.blocking = row.blocking;
  return dto;
}

function stateOf(row: RelationshipRow, viewerId: string): FriendshipState {
  switch (row.status) {
    case null:
      return 'none';
    case 'accepted':
      return 'accepted';
    case 'pending':
      return row.requesterId === viewerId ? 'pending_outgoing' : 'pending_incoming';
  }
}

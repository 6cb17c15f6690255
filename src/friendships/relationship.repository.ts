import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { sqlStateOf } from '../database/postgres-errors';
import { runStatement } from '../database/run-statement';

/** The caller's relationship to one user, as stored; friendship fields are null when there is none. */
export interface RelationshipRow {
  userId: string;
  friendshipId: string | null;
  status: 'pending' | 'accepted' | null;
  requesterId: string | null;
  blocking: boolean;
}

/**
 * One statement for any number of ids, in the order given. A user whose
 * profile is deleted or missing gets no friendship and no block. Declined
 * requests count as no friendship. Whether another user blocked the viewer
 * is never returned, so a block looks the same as no relationship.
 */
export const RELATIONSHIPS_SQL = `
  SELECT requested.user_id AS "userId",
    friendship.id AS "friendshipId",
    friendship.status AS "status",
    friendship.requester_id AS "requesterId",
    (profile.id IS NOT NULL AND EXISTS (
      SELECT 1 FROM blocks block
      WHERE block.blocker_id = $1 AND block.blocked_id = requested.user_id
        AND block.deleted_at IS NULL
    )) AS "blocking"
  FROM unnest($2::uuid[]) WITH ORDINALITY AS requested(user_id, position)
  LEFT JOIN profiles profile
    ON profile.id = requested.user_id AND profile.deleted_at IS NULL
  LEFT JOIN friendships friendship
    ON profile.id IS NOT NULL
    AND LEAST(friendship.requester_id, friendship.addressee_id) = LEAST($1::uuid, requested.user_id)
    AND GREATEST(friendship.requester_id, friendship.addressee_id) = GREATEST($1::uuid, requested.user_id)
    AND friendship.deleted_at IS NULL
    AND friendship.status IN ('pending', 'accepted')
  ORDER BY requested.position`;

/** Reads relationships across friendships and blocks, so it belongs to neither entity's repository. */
@Injectable()
export class RelationshipRepository {
  private readonly logger = new Logger(RelationshipRepository.name);

  async findForViewer(
    manager: EntityManager,
    viewerId: string,
    userIds: readonly string[],
  ): Promise<RelationshipRow[]> {
    try {
      return await runStatement<RelationshipRow>(manager, RELATIONSHIPS_SQL, [viewerId, userIds]);
    } catch (error) {
      this.logger.error(
        { err: error, viewerId, idCount: userIds.length, sqlState: sqlStateOf(error) },
        'Reading relationships failed',
      );
      throw error;
    }
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BaseRepository, KeysetPage, KeysetPosition, UNSCOPED } from '../database/base.repository';
import { Profile } from './profile.entity';

/** Escapes LIKE wildcards so that user input matches literally; backslash is PostgreSQL's default LIKE escape. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * SQL that is true unless the user of the profile under alias has a live
 * block on :viewerId. ix_blocks_blocked_id_blocker_id serves it. The
 * blocker's profile is then not found for the blocked user, while the
 * blocker can still read the blocked user's profile.
 */
function notBlockingViewer(alias: string): string {
  // TypeORM maps alias.property to a column only before a space, comma or bracket.
  return `NOT EXISTS (SELECT 1 FROM blocks profile_block
    WHERE profile_block.deleted_at IS NULL
      AND profile_block.blocked_id = :viewerId AND profile_block.blocker_id = ${alias}.id )`;
}

@Injectable()
export class ProfileRepository extends BaseRepository<Profile> {
  constructor() {
    super(Profile);
  }

  /** Finds a live profile unless its user blocked the viewer. */
  findVisibleById(manager: EntityManager, viewerId: string, id: string): Promise<Profile | null> {
    return this.run('findVisibleById', () => {
      const query = this.select(manager, UNSCOPED, { live: true });
      return query
        .andWhere(`${query.alias}.id = :id`, { id })
        .andWhere(notBlockingViewer(query.alias), { viewerId })
        .getOne();
    });
  }

  /**
   * Lists live profiles whose username or lower-cased display name starts
   * with the prefix, ordered by username, leaving out users who blocked the
   * viewer. ix_profiles_username_prefix and ix_profiles_display_name_prefix
   * serve the two prefix conditions; the block check runs on their matches.
   */
  search(
    manager: EntityManager,
    prefix: string,
    page: { limit: number; after?: KeysetPosition },
    viewerId: string,
  ): Promise<KeysetPage<Profile>> {
    const pattern = `${escapeLikePattern(prefix.toLowerCase())}%`;

    return this.list(manager, UNSCOPED, {
      sort: { property: 'username', direction: 'ASC' },
      limit: page.limit,
      after: page.after,
      filter: (query, alias) =>
        query
          .andWhere(
            `(${alias}.username LIKE :pattern OR lower(${alias}.displayName) LIKE :pattern)`,
            { pattern },
          )
          .andWhere(notBlockingViewer(alias), { viewerId }),
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BaseRepository, KeysetPage, KeysetPosition, UNSCOPED } from '../database/base.repository';
import { Profile } from './profile.entity';

/** Escapes LIKE wildcards so that user input matches literally; backslash is PostgreSQL's default LIKE escape. */
export function escapeLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

@Injectable()
export class ProfileRepository extends BaseRepository<Profile> {
  constructor() {
    super(Profile);
  }

  /**
   * Lists live profiles whose username or lower-cased display name starts
   * with the prefix, ordered by username. ix_profiles_username_prefix and
   * ix_profiles_display_name_prefix serve the two conditions.
   */
  search(
    manager: EntityManager,
    prefix: string,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<KeysetPage<Profile>> {
    const pattern = `${escapeLikePattern(prefix.toLowerCase())}%`;

    return this.list(manager, UNSCOPED, {
      sort: { property: 'username', direction: 'ASC' },
      limit: page.limit,
      after: page.after,
      filter: (query, alias) =>
        query.andWhere(
          `(${alias}.username LIKE :pattern OR lower(${alias}.displayName) LIKE :pattern)`,
          { pattern },
        ),
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BaseRepository, KeysetPage, KeysetPosition } from '../database/base.repository';
import { Block } from './block.entity';

export interface BlockScope {
  blockerId: string;
}

/** Blocks, narrowed to the user who blocks, apart from the checks that look both ways. */
@Injectable()
export class BlockRepository extends BaseRepository<Block, BlockScope> {
  constructor() {
    super(Block);
  }

  /** True when either user has a live block on the other. */
  existsEitherWay(
    manager: EntityManager,
    firstUserId: string,
    secondUserId: string,
  ): Promise<boolean> {
    return this.run('existsEitherWay', () =>
      manager
        .createQueryBuilder(Block, 'block')
        .where(
          `((block.blockerId = :firstUserId AND block.blockedId = :secondUserId)
            OR (block.blockerId = :secondUserId AND block.blockedId = :firstUserId))`,
          { firstUserId, secondUserId },
        )
        .andWhere('block.deletedAt IS NULL')
        .getExists(),
    );
  }

  /**
   * Lists the blocker's live blocks newest first, each with the blocked
   * user's live profile joined. A block on a user who blocked the blocker in
   * turn is left out, because that user's profile is hidden from the blocker.
   * It is listed again once that user lifts their block.
   */
  listWithProfiles(
    manager: EntityManager,
    scope: BlockScope,
    page: { limit: number; after?: KeysetPosition },
  ): Promise<KeysetPage<Block>> {
    return this.list(manager, scope, {
      sort: { property: 'createdAt', direction: 'DESC' },
      limit: page.limit,
      after: page.after,
      filter: (query, alias) =>
        query
          .innerJoinAndSelect(`${alias}.blocked`, 'blocked', 'blocked.deletedAt IS NULL')
          .andWhere(
            // TypeORM maps alias.property to a column only before a space, comma or bracket.
            `NOT EXISTS (SELECT 1 FROM blocks reverse_block
              WHERE reverse_block.deleted_at IS NULL
                AND reverse_block.blocker_id = ${alias}.blockedId AND reverse_block.blocked_id = ${alias}.blockerId )`,
          ),
    });
  }

  /** Soft-deletes the live block on the user, and returns whether there was one. */
  async unblock(manager: EntityManager, scope: BlockScope, blockedId: string): Promise<boolean> {
    const result = await this.run('unblock', () =>
      manager
        .createQueryBuilder()
        .update(Block)
        .set({ deletedAt: () => 'now()' })
        .where({ blockerId: scope.blockerId, blockedId })
        .andWhere('deleted_at IS NULL')
        .execute(),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Soft-deletes every live block the user set or is the target of, and returns how many. */
  async softDeleteAllOfUser(manager: EntityManager, userId: string): Promise<number> {
    const result = await this.run('softDeleteAllOfUser', () =>
      manager
        .createQueryBuilder()
        .update(Block)
        .set({ deletedAt: () => 'now()' })
        .where('(blocker_id = :userId OR blocked_id = :userId)', { userId })
        .andWhere('deleted_at IS NULL')
        .execute(),
    );
    return result.affected ?? 0;
  }
}

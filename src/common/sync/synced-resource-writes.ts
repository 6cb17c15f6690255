import { EntityManager } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BaseRepository } from '../../database/base.repository';
import { SoftDeletableEntity } from '../../database/base-columns';
import { ApiError } from '../errors/api-error';
import { CommonErrors } from '../errors/common-errors';
import { IfMatch, ifMatchAllows } from '../http/entity-tag';
import { SyncClockRepository } from './sync-clock.repository';

export interface OwnerScope {
  ownerId: string;
}

export interface SyncedResourceErrors {
  /** No live row with this id for this owner. */
  notFound: () => ApiError;
  /** No deleted row with this id for this owner, on restore. */
  deletedNotFound: () => ApiError;
}

/**
 * The write steps that owner-scoped resources in a sync feed share: update,
 * soft delete, restore and deletion of all an owner's rows. Each step first
 * advances the owner's sync clock, which stamps updated_at and serialises the
 * owner's writes, and runs in the transaction of the calling service.
 */
export class SyncedResourceWrites<T extends SoftDeletableEntity & { id: string }> {
  constructor(
    private readonly repository: BaseRepository<T, OwnerScope>,
    private readonly clock: SyncClockRepository,
    private readonly collection: string,
    private readonly errors: SyncedResourceErrors,
  ) {}

  /**
   * Applies the changes built from the current row after checking If-Match.
   * buildChanges returns undefined when nothing changes, and then the row is
   * returned as it is. afterUpdate runs only when the row was updated, in the
   * same transaction, for writes that other rows derive from.
   */
  async update(
    manager: EntityManager,
    ownerId: string,
    id: string,
    ifMatch: IfMatch | undefined,
    buildChanges: (current: T, stamp: Date) => Promise<QueryDeepPartialEntity<T> | undefined>,
    afterUpdate?: (before: T, after: T, stamp: Date) => Promise<void>,
  ): Promise<T> {
    const stamp = await this.clock.tick(manager, ownerId, this.collection);
    const current = await this.findLiveMatching(manager, ownerId, id, ifMatch);

    const changes = await buildChanges(current, stamp);
    if (changes === undefined) {
      return current;
    }
    const updated = await this.repository.updateById(manager, { ownerId }, id, changes, {
      expectedVersion: current.version,
    });
    if (updated === null) {
      raiseConcurrentChange();
    }
    await afterUpdate?.(current, updated, stamp);
    return updated;
  }

  /** Soft-deletes a live row after checking If-Match; a deleted one is not found. */
  async remove(
    manager: EntityManager,
    ownerId: string,
    id: string,
    ifMatch: IfMatch | undefined,
  ): Promise<void> {
    const stamp = await this.clock.tick(manager, ownerId, this.collection);
    const current = await this.findLiveMatching(manager, ownerId, id, ifMatch);

    const stamps = { deletedAt: stamp, updatedAt: stamp } as unknown as QueryDeepPartialEntity<T>;
    const deleted = await this.repository.softDeleteById(
      manager,
      { ownerId },
      id,
      { expectedVersion: current.version },
      stamps,
    );
    if (!deleted) {
      raiseConcurrentChange();
    }
  }

  /** Undoes a soft delete; a row that is live or does not exist is not found. */
  async restore(manager: EntityManager, ownerId: string, id: string): Promise<T> {
    const stamp = await this.clock.tick(manager, ownerId, this.collection);

    const stamps = { updatedAt: stamp } as unknown as QueryDeepPartialEntity<T>;
    const restored = await this.repository.restoreById(manager, { ownerId }, id, {}, stamps);
    if (restored === null) {
      throw this.errors.deletedNotFound();
    }
    return restored;
  }

  /** Soft-deletes every live row of the owner with one stamp, for account deletion. */
  async deleteAllOfOwner(manager: EntityManager, ownerId: string): Promise<number> {
    const stamp = await this.clock.tick(manager, ownerId, this.collection);
    return this.repository.softDeleteAllInScope(manager, { ownerId }, stamp);
  }

  private async findLiveMatching(
    manager: EntityManager,
    ownerId: string,
    id: string,
    ifMatch: IfMatch | undefined,
  ): Promise<T> {
    const current = await this.repository.findById(manager, { ownerId }, id);
    if (current === null) {
      throw this.errors.notFound();
    }
    if (!ifMatchAllows(ifMatch, current.version)) {
      throw CommonErrors.preconditionFailed();
    }
    return current;
  }
}

/**
 * Raised when the row changed between the read and the write. The sync clock
 * lock makes this unreachable while every write to the collection takes it first.
 */
function raiseConcurrentChange(): never {
  throw CommonErrors.conflict('The resource changed during the request; retry it.');
}

import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../test/support/test-database';
import { openWidgetDataSource, WidgetRepository } from '../../test/support/widgets';
import { Session } from '../auth/session.entity';
import { SessionRepository } from '../auth/session.repository';
import { UserRepository } from '../auth/user.repository';
import { Profile } from '../profile/profile.entity';
import { ProfileRepository } from '../profile/profile.repository';
import { KeysetPage, KeysetQuery, UNSCOPED } from './base.repository';

describe('BaseRepository', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let manager: EntityManager;

  const users = new UserRepository();
  const profiles = new ProfileRepository();
  const sessions = new SessionRepository();
  const widgets = new WidgetRepository();

  let loggedErrors: jest.SpyInstance;

  beforeAll(async () => {
    // Failing statements below are expected, so their log lines are checked, not printed.
    loggedErrors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    database = await createTestDatabase();
    dataSource = await openWidgetDataSource(database);
    manager = dataSource.manager;
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query(
      'TRUNCATE "refresh_tokens", "sessions", "profiles", "users", "widgets" CASCADE',
    );
  });

  async function createUserId(on: EntityManager = manager): Promise<string> {
    const user = await users.insert(on, {
      email: `user_${Math.random().toString(36).slice(2)}@example.com`,
      passwordHash: 'not-a-real-hash',
    });
    return user.id;
  }

  async function createProfile(username: string, on: EntityManager = manager): Promise<Profile> {
    const id = await createUserId(on);
    return profiles.insert(on, { id, username, displayName: `Display ${username}` });
  }

  /** Reads a profile with SQL of its own, so the check does not depend on the repository under test. */
  async function rawProfile(id: string): Promise<Record<string, unknown> | undefined> {
    const rows = await dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM "profiles" WHERE "id" = $1',
      [id],
    );
    return rows[0];
  }

  /** Reads every page of a keyset list and returns the rows in the order the pages gave them. */
  async function readAllPages<T extends { id: string }>(
    readPage: (after: KeysetQuery<T>['after']) => Promise<KeysetPage<T>>,
  ): Promise<T[]> {
    const rows: T[] = [];
    let after: KeysetQuery<T>['after'];
    for (let pageCount = 0; pageCount < 100; pageCount += 1) {
      const page = await readPage(after);
      rows.push(...page.rows);
      if (page.next === null) {
        return rows;
      }
      after = page.next;
    }
    throw new Error('keyset pagination did not end after 100 pages');
  }

  function usernameQuery(
    direction: 'ASC' | 'DESC',
    limit: number,
    after?: KeysetQuery<Profile>['after'],
  ): KeysetQuery<Profile> {
    return { sort: { property: 'username', direction }, limit, after };
  }

  describe('soft-deleted rows', () => {
    let live: Profile;
    let deleted: Profile;

    beforeEach(async () => {
      live = await createProfile('live_one');
      deleted = await createProfile('gone_one');
      expect(await profiles.softDeleteById(manager, UNSCOPED, deleted.id)).toBe(true);
    });

    it('findById hides a deleted row', async () => {
      expect(await profiles.findById(manager, UNSCOPED, deleted.id)).toBeNull();
      expect(await profiles.findById(manager, UNSCOPED, live.id)).not.toBeNull();
    });

    it('findOne hides a deleted row', async () => {
      expect(await profiles.findOne(manager, UNSCOPED, { username: 'gone_one' })).toBeNull();
      expect(await profiles.findOne(manager, UNSCOPED, { username: 'live_one' })).not.toBeNull();
    });

    it('list hides deleted rows', async () => {
      const page = await profiles.list(manager, UNSCOPED, usernameQuery('ASC', 10));

      expect(page.rows.map((row) => row.id)).toEqual([live.id]);
    });

    it('count skips deleted rows', async () => {
      expect(await profiles.count(manager, UNSCOPED)).toBe(1);
      expect(await profiles.count(manager, UNSCOPED, { id: deleted.id })).toBe(0);
    });

    it('exists ignores deleted rows', async () => {
      expect(await profiles.exists(manager, UNSCOPED, { id: deleted.id })).toBe(false);
      expect(await profiles.exists(manager, UNSCOPED, { id: live.id })).toBe(true);
    });

    it('findByIdIncludingDeleted returns a deleted row', async () => {
      const found = await profiles.findByIdIncludingDeleted(manager, UNSCOPED, deleted.id);

      expect(found?.id).toBe(deleted.id);
      expect(found?.deletedAt).toBeInstanceOf(Date);
    });

    it('listIncludingDeleted returns deleted rows', async () => {
      const page = await profiles.listIncludingDeleted(manager, UNSCOPED, usernameQuery('ASC', 10));

      expect(page.rows.map((row) => row.username)).toEqual(['gone_one', 'live_one']);
    });

    it('updateById leaves a deleted row alone', async () => {
      const before = await rawProfile(deleted.id);

      const updated = await profiles.updateById(manager, UNSCOPED, deleted.id, {
        displayName: 'Changed',
      });

      expect(updated).toBeNull();
      expect(await rawProfile(deleted.id)).toEqual(before);
    });

    it('softDeleteById leaves a deleted row alone', async () => {
      const before = await rawProfile(deleted.id);

      expect(await profiles.softDeleteById(manager, UNSCOPED, deleted.id)).toBe(false);
      expect(await rawProfile(deleted.id)).toEqual(before);
    });

    it('restoreById restores a deleted row', async () => {
      const restored = await profiles.restoreById(manager, UNSCOPED, deleted.id);

      expect(restored?.deletedAt).toBeNull();
      expect(await profiles.findById(manager, UNSCOPED, deleted.id)).not.toBeNull();
    });

    it('restoreById leaves a live row alone', async () => {
      const before = await rawProfile(live.id);

      expect(await profiles.restoreById(manager, UNSCOPED, live.id)).toBeNull();
      expect(await rawProfile(live.id)).toEqual(before);
    });

    it('deleted username can be reused', async () => {
      const reused = await createProfile('gone_one');

      expect(reused.username).toBe('gone_one');
    });
  });

  describe('versioned writes', () => {
    let profile: Profile;

    beforeEach(async () => {
      profile = await createProfile('versioned');
    });

    it('updateById bumps the version', async () => {
      const updated = await profiles.updateById(manager, UNSCOPED, profile.id, {
        displayName: 'Changed',
      });

      expect(profile.version).toBe(1);
      expect(updated?.version).toBe(2);
      expect(updated?.displayName).toBe('Changed');
    });

    it('updateById advances updated_at', async () => {
      await dataSource.query(
        `UPDATE "profiles" SET "updated_at" = now() - interval '1 hour' WHERE "id" = $1`,
        [profile.id],
      );
      const before = await profiles.findById(manager, UNSCOPED, profile.id);

      const updated = await profiles.updateById(manager, UNSCOPED, profile.id, { bio: 'hello' });

      expect(updated?.updatedAt.getTime()).toBeGreaterThan(before?.updatedAt.getTime() ?? NaN);
    });

    it('updateById with current version applies', async () => {
      const updated = await profiles.updateById(
        manager,
        UNSCOPED,
        profile.id,
        { displayName: 'Changed' },
        { expectedVersion: 1 },
      );

      expect(updated?.version).toBe(2);
    });

    it('updateById with stale version fails', async () => {
      await profiles.updateById(manager, UNSCOPED, profile.id, { displayName: 'Second' });
      const before = await rawProfile(profile.id);

      const updated = await profiles.updateById(
        manager,
        UNSCOPED,
        profile.id,
        { displayName: 'Lost update' },
        { expectedVersion: 1 },
      );

      expect(updated).toBeNull();
      expect(await rawProfile(profile.id)).toEqual(before);
    });

    it('softDeleteById with stale version fails', async () => {
      await profiles.updateById(manager, UNSCOPED, profile.id, { displayName: 'Second' });

      const deleted = await profiles.softDeleteById(manager, UNSCOPED, profile.id, {
        expectedVersion: 1,
      });

      expect(deleted).toBe(false);
      expect(await profiles.findById(manager, UNSCOPED, profile.id)).not.toBeNull();
    });

    it('updateById of unknown id returns null', async () => {
      const updated = await profiles.updateById(
        manager,
        UNSCOPED,
        '00000000-0000-4000-8000-000000000000',
        { displayName: 'Nobody' },
      );

      expect(updated).toBeNull();
    });
  });

  describe('scope', () => {
    let ownerId: string;
    let strangerId: string;
    let session: Session;

    beforeEach(async () => {
      ownerId = await createUserId();
      strangerId = await createUserId();
      session = await sessions.insert(manager, { userId: ownerId });
    });

    it('findById applies the scope', async () => {
      expect(await sessions.findById(manager, { userId: strangerId }, session.id)).toBeNull();
      expect(await sessions.findById(manager, { userId: ownerId }, session.id)).not.toBeNull();
    });

    it('findOne applies the scope', async () => {
      expect(
        await sessions.findOne(manager, { userId: strangerId }, { id: session.id }),
      ).toBeNull();
    });

    it('count applies the scope', async () => {
      expect(await sessions.count(manager, { userId: strangerId })).toBe(0);
      expect(await sessions.count(manager, { userId: ownerId })).toBe(1);
    });

    it('exists applies the scope', async () => {
      expect(await sessions.exists(manager, { userId: strangerId }, { id: session.id })).toBe(
        false,
      );
    });

    it('list applies the scope', async () => {
      const page = await sessions.list(
        manager,
        { userId: strangerId },
        { sort: { property: 'createdAt', direction: 'ASC' }, limit: 10 },
      );

      expect(page.rows).toEqual([]);
    });

    it('updateById applies the scope', async () => {
      const updated = await sessions.updateById(manager, { userId: strangerId }, session.id, {
        revokedAt: new Date(),
      });

      expect(updated).toBeNull();
      expect((await sessions.findById(manager, { userId: ownerId }, session.id))?.revokedAt).toBe(
        null,
      );
    });

    it('softDeleteById applies the scope', async () => {
      const widget = await widgets.insert(manager, { ownerId, name: 'mine' });

      const deleted = await widgets.softDeleteById(manager, { ownerId: strangerId }, widget.id);

      expect(deleted).toBe(false);
      expect(await widgets.findById(manager, { ownerId }, widget.id)).not.toBeNull();
    });

    it('restoreById applies the scope', async () => {
      const widget = await widgets.insert(manager, { ownerId, name: 'mine' });
      await widgets.softDeleteById(manager, { ownerId }, widget.id);

      const restored = await widgets.restoreById(manager, { ownerId: strangerId }, widget.id);

      expect(restored).toBeNull();
      expect(await widgets.findById(manager, { ownerId }, widget.id)).toBeNull();
    });

    it('findByIdIncludingDeleted applies the scope', async () => {
      const widget = await widgets.insert(manager, { ownerId, name: 'mine' });
      await widgets.softDeleteById(manager, { ownerId }, widget.id);

      expect(
        await widgets.findByIdIncludingDeleted(manager, { ownerId: strangerId }, widget.id),
      ).toBeNull();
    });
  });

  describe('keyset pagination', () => {
    const usernames = ['k_a', 'k_b', 'k_c', 'k_d', 'k_e', 'k_f', 'k_g'];

    beforeEach(async () => {
      for (const username of usernames) {
        await createProfile(username);
      }
    });

    it('list pages ascending in order', async () => {
      const pages: string[][] = [];
      let page = await profiles.list(manager, UNSCOPED, usernameQuery('ASC', 3));
      pages.push(page.rows.map((row) => row.username));
      while (page.next !== null) {
        page = await profiles.list(manager, UNSCOPED, usernameQuery('ASC', 3, page.next));
        pages.push(page.rows.map((row) => row.username));
      }

      expect(pages).toEqual([['k_a', 'k_b', 'k_c'], ['k_d', 'k_e', 'k_f'], ['k_g']]);
    });

    it('list pages descending in order', async () => {
      const rows = await readAllPages((after) =>
        profiles.list(manager, UNSCOPED, usernameQuery('DESC', 2, after)),
      );

      expect(rows.map((row) => row.username)).toEqual([...usernames].reverse());
    });

    it('list exact final page has no next', async () => {
      const page = await profiles.list(manager, UNSCOPED, usernameQuery('ASC', usernames.length));

      expect(page.rows).toHaveLength(usernames.length);
      expect(page.next).toBeNull();
    });

    it('list survives writes between pages', async () => {
      const first = await profiles.list(manager, UNSCOPED, usernameQuery('ASC', 3));
      expect(first.rows.map((row) => row.username)).toEqual(['k_a', 'k_b', 'k_c']);

      // Delete the row the cursor points at and one not yet read, and insert
      // one row before the cursor and one after it.
      const byName = new Map(first.rows.map((row) => [row.username, row]));
      await profiles.softDeleteById(manager, UNSCOPED, byName.get('k_c')?.id ?? '');
      const unread = await profiles.findOne(manager, UNSCOPED, { username: 'k_e' });
      await profiles.softDeleteById(manager, UNSCOPED, unread?.id ?? '');
      await createProfile('k_b2');
      await createProfile('k_h');

      const rest = await readAllPages((after) =>
        profiles.list(manager, UNSCOPED, usernameQuery('ASC', 3, after ?? first.next ?? undefined)),
      );

      expect(rest.map((row) => row.username)).toEqual(['k_d', 'k_f', 'k_g', 'k_h']);
    });

    it('list breaks sort ties by id', async () => {
      const ownerId = await createUserId();
      // now() is the transaction's start time, so these rows share one created_at.
      const created = await dataSource.transaction(async (transaction) => {
        const rows: Session[] = [];
        for (let index = 0; index < 7; index += 1) {
          rows.push(await sessions.insert(transaction, { userId: ownerId }));
        }
        return rows;
      });
      expect(new Set(created.map((row) => row.createdAt.getTime())).size).toBe(1);

      const listed = await readAllPages((after) =>
        sessions.list(
          manager,
          { userId: ownerId },
          { sort: { property: 'createdAt', direction: 'ASC' }, limit: 2, after },
        ),
      );

      const idsInOrder = created.map((row) => row.id).sort();
      expect(listed.map((row) => row.id)).toEqual(idsInOrder);
    });

    it('list breaks descending ties by id', async () => {
      const ownerId = await createUserId();
      const created = await dataSource.transaction(async (transaction) => {
        const rows: Session[] = [];
        for (let index = 0; index < 5; index += 1) {
          rows.push(await sessions.insert(transaction, { userId: ownerId }));
        }
        return rows;
      });

      const listed = await readAllPages((after) =>
        sessions.list(
          manager,
          { userId: ownerId },
          { sort: { property: 'createdAt', direction: 'DESC' }, limit: 2, after },
        ),
      );

      const idsInOrder = created
        .map((row) => row.id)
        .sort()
        .reverse();
      expect(listed.map((row) => row.id)).toEqual(idsInOrder);
    });

    it('list applies where and filter', async () => {
      const page = await profiles.list(manager, UNSCOPED, {
        ...usernameQuery('ASC', 10),
        where: { displayName: 'Display k_b' },
        filter: (query, alias) => query.andWhere(`${alias}.username <> 'k_c'`),
      });

      expect(page.rows.map((row) => row.username)).toEqual(['k_b']);
    });
  });

  describe('transactions', () => {
    it('writes stay uncommitted until rollback', async () => {
      const existing = await createProfile('existing');
      const queryRunner = dataSource.createQueryRunner();
      await queryRunner.connect();
      await queryRunner.startTransaction();

      let insertedId: string;
      try {
        const transaction = queryRunner.manager;
        insertedId = (await createProfile('uncommitted', transaction)).id;
        await profiles.updateById(transaction, UNSCOPED, existing.id, { displayName: 'Changed' });
        await profiles.softDeleteById(transaction, UNSCOPED, existing.id);

        // Another connection reads none of these changes while the transaction is open.
        expect(await profiles.findById(manager, UNSCOPED, insertedId)).toBeNull();
        expect((await profiles.findById(manager, UNSCOPED, existing.id))?.displayName).toBe(
          'Display existing',
        );
      } finally {
        await queryRunner.rollbackTransaction();
        await queryRunner.release();
      }

      expect(await profiles.findByIdIncludingDeleted(manager, UNSCOPED, insertedId)).toBeNull();
      expect(await users.findById(manager, UNSCOPED, insertedId)).toBeNull();
      expect(await profiles.findById(manager, UNSCOPED, existing.id)).toMatchObject({
        displayName: 'Display existing',
        version: 1,
        deletedAt: null,
      });
    });

    it('insert re-raises a unique violation', async () => {
      await createProfile('taken');

      const attempt = createProfile('taken');

      await expect(attempt).rejects.toBeInstanceOf(QueryFailedError);
      await expect(attempt).rejects.toMatchObject({
        driverError: { code: '23505', constraint: 'uq_profiles_username' },
      });
    });

    it('findById re-raises an invalid uuid', async () => {
      const attempt = profiles.findById(manager, UNSCOPED, 'not-a-uuid');

      await expect(attempt).rejects.toMatchObject({ driverError: { code: '22P02' } });
    });

    it('failed statement is logged with context', async () => {
      loggedErrors.mockClear();

      await expect(profiles.findById(manager, UNSCOPED, 'not-a-uuid')).rejects.toThrow();

      expect(loggedErrors).toHaveBeenCalledWith(
        expect.objectContaining({
          repository: 'ProfileRepository',
          operation: 'findById',
          sqlState: '22P02',
        }),
        'Database statement failed',
      );
    });

    it('NUL character in text is not logged as an error', async () => {
      const profile = await createProfile('nul_text');
      loggedErrors.mockClear();

      const attempt = profiles.updateById(manager, UNSCOPED, profile.id, {
        displayName: 'a\u0000b',
      });

      await expect(attempt).rejects.toMatchObject({ driverError: { code: '22021' } });
      expect(loggedErrors).not.toHaveBeenCalled();
    });

    it('updateById re-raises a too-long value', async () => {
      const profile = await createProfile('too_long');

      const attempt = profiles.updateById(manager, UNSCOPED, profile.id, {
        displayName: 'x'.repeat(101),
      });

      await expect(attempt).rejects.toMatchObject({ driverError: { code: '22001' } });
    });
  });
});

import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../test/support/test-database';
import { UserRepository } from '../auth/user.repository';
import { Block } from '../friendships/block.entity';
import { BlockRepository } from '../friendships/block.repository';
import { Friendship } from '../friendships/friendship.entity';
import { FriendshipRepository } from '../friendships/friendship.repository';
import { ProfileRepository } from '../profile/profile.repository';
import { ScheduleItem } from '../schedule-items/schedule-item.entity';
import { ScheduleItemRepository } from '../schedule-items/schedule-item.repository';
import { Todo } from '../todo/todo.entity';
import { TodoRepository } from '../todo/todo.repository';
import { buildDataSourceOptions } from './data-source';

/** Compares the repositories' raw-row hydration with TypeORM's own for the same rows. */
describe('EntityHydrator', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let manager: EntityManager;
  let ownerId: string;

  const users = new UserRepository();
  const profiles = new ProfileRepository();
  const friendships = new FriendshipRepository();
  const blocks = new BlockRepository();
  const todos = new TodoRepository();
  const scheduleItems = new ScheduleItemRepository();

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(buildDataSourceOptions(database.url)).initialize();
    manager = dataSource.manager;

    ownerId = await createProfile('hydrator');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function createProfile(username: string): Promise<string> {
    const user = await users.insert(manager, {
      email: `${username}@example.com`,
      passwordHash: 'not-a-real-hash',
    });
    await profiles.insert(manager, { id: user.id, username, displayName: `Display ${username}` });
    return user.id;
  }

  async function insertTodo(values: Partial<Todo>): Promise<Todo> {
    const stamp = new Date('2026-03-29T01:30:00.123Z');
    return todos.insert(manager, {
      ownerId,
      title: 'Hydrate me',
      priority: 2,
      visibility: 'friends',
      createdAt: stamp,
      updatedAt: stamp,
      ...values,
    });
  }

  it('findById returns what TypeORM hydrates for a todo with a due date', async () => {
    const inserted = await insertTodo({ dueDate: '2026-03-29', notes: 'dates stay strings' });

    const ours = await todos.findById(manager, { ownerId }, inserted.id);
    const typeorm = await manager.findOneBy(Todo, { id: inserted.id });

    expect(ours).toEqual(typeorm);
  });

  it('findById returns a Todo instance', async () => {
    const inserted = await insertTodo({ dueAt: new Date('2026-04-01T08:00:00.000Z') });

    expect(await todos.findById(manager, { ownerId }, inserted.id)).toBeInstanceOf(Todo);
  });

  it('list returns what TypeORM hydrates for the same rows', async () => {
    await insertTodo({ completedAt: new Date('2026-03-30T10:00:00.000Z') });
    await insertTodo({ dueAt: new Date('2026-04-02T09:15:00.250Z') });

    const page = await todos.list(
      manager,
      { ownerId },
      {
        sort: { property: 'createdAt', direction: 'ASC' },
        limit: 100,
      },
    );
    const typeorm = await manager.find(Todo, {
      where: { ownerId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });

    expect(page.rows).toEqual(typeorm);
  });

  it('listByDateRange returns what TypeORM hydrates for an all-day item', async () => {
    const stamp = new Date('2026-03-28T00:00:00.000Z');
    const inserted = await scheduleItems.insert(manager, {
      ownerId,
      title: 'Holiday',
      startsAt: new Date('2026-03-28T11:00:00.000Z'),
      endsAt: new Date('2026-03-29T11:00:00.000Z'),
      allDay: true,
      startDate: '2026-03-29',
      endDate: '2026-03-30',
      timeZone: 'Pacific/Auckland',
      visibility: 'busy',
      createdAt: stamp,
      updatedAt: stamp,
    });

    const page = await scheduleItems.listByDateRange(
      manager,
      { ownerId },
      new Date('2026-03-28T00:00:00.000Z'),
      new Date('2026-03-30T00:00:00.000Z'),
      { limit: 10 },
    );
    const typeorm = await manager.findOneBy(ScheduleItem, { id: inserted.id });

    expect(page.rows).toEqual([typeorm]);
  });

  it('listForUser hydrates the other profile like TypeORM', async () => {
    const friendId = await createProfile('hydrator_friend');
    await friendships.insert(manager, {
      requesterId: ownerId,
      addresseeId: friendId,
      status: 'accepted',
      respondedAt: new Date('2026-03-30T12:00:00.000Z'),
    });

    const page = await friendships.listForUser(
      manager,
      ownerId,
      { status: 'accepted' },
      {
        limit: 10,
      },
    );
    const typeorm = await manager.find(Friendship, {
      where: { requesterId: ownerId },
      relations: { addressee: true },
    });

    expect(page.rows).toEqual(typeorm);
  });

  it('listWithProfiles hydrates the joined profile like TypeORM', async () => {
    const blockedId = await createProfile('hydrator_blocked');
    await blocks.insert(manager, { blockerId: ownerId, blockedId });

    const page = await blocks.listWithProfiles(manager, { blockerId: ownerId }, { limit: 10 });
    const typeorm = await manager.find(Block, {
      where: { blockerId: ownerId },
      relations: { blocked: true },
    });

    expect(page.rows).toEqual(typeorm);
  });
});

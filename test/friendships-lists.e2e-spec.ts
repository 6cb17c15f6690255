import { expectProblem, registerUser, RegisteredUser } from './support/factories';
import {
  answer,
  FriendshipBody,
  listAll,
  makeFriends,
  removeFriendship,
  requestFriendship,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

describe('friendship lists', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function list(user: RegisteredUser, query: Record<string, string | number> = {}) {
    return testApp.http
      .get('/v1/friendships')
      .query(query)
      .set('Authorization', user.authorization);
  }

  /**
   * Registers a user with two friends (one asked by the user, one who asked
   * the user), one outgoing and one incoming pending request, and one ended
   * friendship.
   */
  async function userWithEveryKind() {
    const [me, friendAsked, friendAsking, outgoing, incoming, former] = await Promise.all(
      Array.from({ length: 6 }, () => registerUser(testApp.http)),
    );
    if (
      me === undefined ||
      friendAsked === undefined ||
      friendAsking === undefined ||
      outgoing === undefined ||
      incoming === undefined ||
      former === undefined
    ) {
      throw new Error('registration returned too few users');
    }
    await makeFriends(testApp.http, me, friendAsked);
    await makeFriends(testApp.http, friendAsking, me);
    await requestFriendship(testApp.http, me, outgoing);
    await requestFriendship(testApp.http, incoming, me);
    const ended = await makeFriends(testApp.http, me, former);
    await removeFriendship(testApp.http, former, ended.id).expect(204);
    return { me, friendAsked, friendAsking, outgoing, incoming, former };
  }

  function otherIds(items: FriendshipBody[]): string[] {
    return items.map((item) => item.profile.id).sort();
  }

  it('default lists accepted friends', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me);

    expect(response.status).toBe(200);
    expect(otherIds(response.body.data)).toEqual(
      [users.friendAsked.id, users.friendAsking.id].sort(),
    );
    expect(response.body.nextCursor).toBeNull();
  });

  it('accepted items carry direction and status', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me, { status: 'accepted' });

    const byOther = new Map(
      (response.body.data as FriendshipBody[]).map((item) => [item.profile.id, item]),
    );
    expect(byOther.get(users.friendAsked.id)).toEqual(
      expect.objectContaining({ status: 'accepted', direction: 'outgoing' }),
    );
    expect(byOther.get(users.friendAsking.id)).toEqual(
      expect.objectContaining({ status: 'accepted', direction: 'incoming' }),
    );
  });

  it('items carry the public profile', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me);

    const item = (response.body.data as FriendshipBody[]).find(
      (candidate) => candidate.profile.id === users.friendAsked.id,
    );
    expect(item?.profile).toEqual({
      id: users.friendAsked.id,
      username: users.friendAsked.username,
      displayName: expect.any(String),
      bio: null,
      avatarUrl: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('pending incoming lists requests to me', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me, { status: 'pending', direction: 'incoming' });

    expect(response.status).toBe(200);
    expect(otherIds(response.body.data)).toEqual([users.incoming.id]);
    expect(response.body.data[0].direction).toBe('incoming');
  });

  it('pending outgoing lists my requests', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me, { status: 'pending', direction: 'outgoing' });

    expect(otherIds(response.body.data)).toEqual([users.outgoing.id]);
    expect(response.body.data[0].direction).toBe('outgoing');
  });

  it('pending without direction lists both', async () => {
    const users = await userWithEveryKind();

    const response = await list(users.me, { status: 'pending' });

    expect(otherIds(response.body.data)).toEqual([users.incoming.id, users.outgoing.id].sort());
  });

  it('declined request is listed nowhere', async () => {
    const [alice, bob] = [await registerUser(testApp.http), await registerUser(testApp.http)];
    const request = await requestFriendship(testApp.http, alice, bob);
    await answer(testApp.http, bob, request.id, 'decline').expect(200);

    for (const user of [alice, bob]) {
      const accepted = await list(user);
      const pending = await list(user, { status: 'pending' });
      expect(accepted.body.data).toEqual([]);
      expect(pending.body.data).toEqual([]);
    }
  });

  it('accepted request leaves pending list', async () => {
    const [alice, bob] = [await registerUser(testApp.http), await registerUser(testApp.http)];
    const request = await requestFriendship(testApp.http, alice, bob);
    await answer(testApp.http, bob, request.id, 'accept').expect(200);

    const pending = await list(bob, { status: 'pending', direction: 'incoming' });

    expect(pending.body.data).toEqual([]);
  });

  describe('validation', () => {
    it.each([
      ['unknown status', { status: 'declined' }],
      ['unknown direction', { status: 'pending', direction: 'sideways' }],
      ['direction with accepted', { direction: 'incoming' }],
      ['limit above 100', { limit: 101 }],
      ['limit below 1', { limit: 0 }],
    ])('%s is 400', async (_case, query) => {
      const user = await registerUser(testApp.http);

      const response = await list(user, query);

      expectProblem(response, 400, 'validation_failed');
    });

    it('malformed cursor is 400', async () => {
      const user = await registerUser(testApp.http);

      const response = await list(user, { cursor: 'not-a-cursor' });

      expectProblem(response, 400, 'invalid_cursor');
    });
  });

  describe('pagination', () => {
    let me: RegisteredUser;
    let friendIds: string[];

    beforeAll(async () => {
      me = await registerUser(testApp.http);
      friendIds = [];
      for (let index = 0; index < 7; index += 1) {
        const friend = await registerUser(testApp.http);
        await makeFriends(
          testApp.http,
          index % 2 === 0 ? me : friend,
          index % 2 === 0 ? friend : me,
        );
        friendIds.push(friend.id);
      }
    });

    it('pages return every friend once', async () => {
      const items = await listAll<FriendshipBody>(testApp.http, me, '/v1/friendships', {
        limit: 3,
      });

      expect(items.map((item) => item.profile.id).sort()).toEqual([...friendIds].sort());
    });

    it('pages run newest first', async () => {
      const items = await listAll<FriendshipBody>(testApp.http, me, '/v1/friendships', {
        limit: 2,
      });

      expect(items.map((item) => item.profile.id)).toEqual([...friendIds].reverse());
    });

    it('first page has a next cursor', async () => {
      const response = await list(me, { limit: 3 });

      expect(response.body.data).toHaveLength(3);
      expect(response.body.nextCursor).toEqual(expect.any(String));
    });

    it('cursor of another filter is 400', async () => {
      const first = await list(me, { limit: 3 });

      const response = await list(me, {
        status: 'pending',
        limit: 3,
        cursor: first.body.nextCursor,
      });

      expectProblem(response, 400, 'invalid_cursor');
    });

    it('writes between pages skip and repeat nothing', async () => {
      const owner = await registerUser(testApp.http);
      const friendships: FriendshipBody[] = [];
      for (let index = 0; index < 6; index += 1) {
        friendships.push(await makeFriends(testApp.http, owner, await registerUser(testApp.http)));
      }
      const newestFirst = [...friendships].reverse().map((friendship) => friendship.id);
      const first = await list(owner, { limit: 3 });
      expect((first.body.data as FriendshipBody[]).map((item) => item.id)).toEqual(
        newestFirst.slice(0, 3),
      );

      // End the friendship the cursor points at and one not yet read, and add a newer one.
      await removeFriendship(testApp.http, owner, newestFirst[2] ?? '').expect(204);
      await removeFriendship(testApp.http, owner, newestFirst[4] ?? '').expect(204);
      await makeFriends(testApp.http, await registerUser(testApp.http), owner);
      const rest = await listAll<FriendshipBody>(testApp.http, owner, '/v1/friendships', {
        limit: 3,
        cursor: first.body.nextCursor,
      });

      expect(rest.map((item) => item.id)).toEqual([newestFirst[3], newestFirst[5]]);
    });
  });
});

import { deleteAccount, registerUser, RegisteredUser } from './support/factories';
import { queryDatabase } from './support/database-rows';
import {
  answer,
  block,
  listAll,
  makeFriends,
  relationshipOf,
  requestFriendship,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

describe('account deletion and friendships', () => {
  let testApp: TestApp;
  let leaving: RegisteredUser;
  let friend: RegisteredUser;
  let asked: RegisteredUser;
  let asking: RegisteredUser;
  let decliner: RegisteredUser;
  let blocked: RegisteredUser;
  let blocker: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    leaving = await registerUser(testApp.http);
    friend = await registerUser(testApp.http);
    asked = await registerUser(testApp.http);
    asking = await registerUser(testApp.http);
    decliner = await registerUser(testApp.http);
    blocked = await registerUser(testApp.http);
    blocker = await registerUser(testApp.http);

    await makeFriends(testApp.http, friend, leaving);
    await requestFriendship(testApp.http, leaving, asked);
    await requestFriendship(testApp.http, asking, leaving);
    const declined = await requestFriendship(testApp.http, leaving, decliner);
    await answer(testApp.http, decliner, declined.id, 'decline').expect(200);
    await block(testApp.http, leaving, blocked.id).expect(201);
    await block(testApp.http, blocker, leaving.id).expect(201);

    await deleteAccount(testApp.http, leaving);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('leaves no live friendship row', async () => {
    const rows = await queryDatabase(
      testApp.database.url,
      `SELECT id FROM friendships
       WHERE deleted_at IS NULL AND (requester_id = $1 OR addressee_id = $1)`,
      [leaving.id],
    );

    expect(rows).toEqual([]);
  });

  it('leaves no live block row', async () => {
    const rows = await queryDatabase(
      testApp.database.url,
      `SELECT id FROM blocks WHERE deleted_at IS NULL AND (blocker_id = $1 OR blocked_id = $1)`,
      [leaving.id],
    );

    expect(rows).toEqual([]);
  });

  it('deletes with the profile transaction', async () => {
    // now() is the start time of the current transaction, so stamps equal to the
    // millisecond show that the rows changed in the transaction that deleted the profile.
    const rows = await queryDatabase<{ same: boolean }>(
      testApp.database.url,
      `SELECT f.deleted_at = p.deleted_at AS same
       FROM friendships f JOIN profiles p ON p.id = $1
       WHERE f.requester_id = $1 OR f.addressee_id = $1
       UNION ALL
       SELECT b.deleted_at = p.deleted_at FROM blocks b JOIN profiles p ON p.id = $1
       WHERE b.blocker_id = $1 OR b.blocked_id = $1`,
      [leaving.id],
    );

    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.same)).toBe(true);
  });

  it("drops from the friend's list", async () => {
    const items = await listAll<{ profile: { id: string } }>(
      testApp.http,
      friend,
      '/v1/friendships',
    );

    expect(items).toEqual([]);
  });

  it('drops from pending lists', async () => {
    const incoming = await listAll(testApp.http, asked, '/v1/friendships', { status: 'pending' });
    const outgoing = await listAll(testApp.http, asking, '/v1/friendships', { status: 'pending' });

    expect(incoming).toEqual([]);
    expect(outgoing).toEqual([]);
  });

  it("drops from the blocker's list", async () => {
    const items = await listAll(testApp.http, blocker, '/v1/blocks');

    expect(items).toEqual([]);
  });

  it('answers none in relationships', async () => {
    for (const other of [friend, asked, asking, decliner, blocked, blocker]) {
      const relationship = await relationshipOf(testApp.http, other, leaving);
      expect(relationship).toEqual({
        userId: leaving.id,
        friendship: 'none',
        friendshipId: null,
        blocking: false,
      });
    }
  });
});

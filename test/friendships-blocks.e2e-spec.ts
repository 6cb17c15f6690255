import { deleteAccount, expectProblem, registerUser, RegisteredUser } from './support/factories';
import { queryDatabase, storedFriendshipState } from './support/database-rows';
import {
  block,
  listAll,
  makeFriends,
  relationshipOf,
  requestFriendship,
  unblock,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

interface BlockedProfileBody {
  userId: string;
  blockedAt: string;
  profile: { id: string; username: string };
}

/** Returns the ids of the profiles in a page of GET /v1/profiles. */
function idsOf(body: unknown): string[] {
  return (body as { data: { id: string }[] }).data.map((profile) => profile.id);
}

describe('blocks', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  async function twoUsers(): Promise<[RegisteredUser, RegisteredUser]> {
    return [await registerUser(testApp.http), await registerUser(testApp.http)];
  }

  function listBlocks(user: RegisteredUser, query: Record<string, string | number> = {}) {
    return testApp.http.get('/v1/blocks').query(query).set('Authorization', user.authorization);
  }

  describe('POST /v1/blocks', () => {
    it('new block is 201', async () => {
      const [alice, bob] = await twoUsers();

      const response = await block(testApp.http, alice, bob.id);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({ userId: bob.id, blockedAt: expect.any(String) });
    });

    it('repeat is 200 with the same block', async () => {
      const [alice, bob] = await twoUsers();
      const first = await block(testApp.http, alice, bob.id);

      const repeat = await block(testApp.http, alice, bob.id);

      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
    });

    it('repeat stores one live block', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await block(testApp.http, alice, bob.id).expect(200);

      const rows = await queryDatabase(
        testApp.database.url,
        'SELECT id FROM blocks WHERE blocker_id = $1 AND deleted_at IS NULL',
        [alice.id],
      );

      expect(rows).toHaveLength(1);
    });

    it('self is 422', async () => {
      const [alice] = await twoUsers();

      const response = await block(testApp.http, alice, alice.id);

      expectProblem(response, 422, 'cannot_block_self');
    });

    it('unknown user is 404', async () => {
      const [alice] = await twoUsers();

      const response = await block(testApp.http, alice, '00000000-0000-4000-8000-000000000000');

      expectProblem(response, 404, 'profile_not_found');
    });

    it('deleted user is 404', async () => {
      const [alice, bob] = await twoUsers();
      await deleteAccount(testApp.http, bob);

      const response = await block(testApp.http, alice, bob.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it.each([
      ['missing userId', {}],
      ['malformed userId', { userId: 'nope' }],
      ['unknown field', { userId: '00000000-0000-4000-8000-000000000000', reason: 'spam' }],
    ])('%s is 400', async (_case, body) => {
      const [alice] = await twoUsers();

      const response = await testApp.http
        .post('/v1/blocks')
        .set('Authorization', alice.authorization)
        .send(body);

      expectProblem(response, 400, 'validation_failed');
    });

    it('block back is 201', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);

      const response = await block(testApp.http, alice, bob.id);

      expect(response.status).toBe(201);
    });
  });

  describe('block ends relationships', () => {
    it('ends an accepted friendship', async () => {
      const [alice, bob] = await twoUsers();
      const friendship = await makeFriends(testApp.http, alice, bob);

      await block(testApp.http, bob, alice.id).expect(201);

      expect(await storedFriendshipState(testApp.database.url, friendship.id)).toBe('deleted');
      expect((await relationshipOf(testApp.http, alice, bob)).friendship).toBe('none');
    });

    it('ends an outgoing request', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);

      await block(testApp.http, alice, bob.id).expect(201);

      expect(await storedFriendshipState(testApp.database.url, request.id)).toBe('deleted');
    });

    it('ends an incoming request', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);

      await block(testApp.http, bob, alice.id).expect(201);

      expect(await storedFriendshipState(testApp.database.url, request.id)).toBe('deleted');
    });

    it('unblock does not restore it', async () => {
      const [alice, bob] = await twoUsers();
      await makeFriends(testApp.http, alice, bob);
      await block(testApp.http, bob, alice.id).expect(201);

      await unblock(testApp.http, bob, alice.id).expect(204);

      expect((await relationshipOf(testApp.http, alice, bob)).friendship).toBe('none');
    });
  });

  describe('DELETE /v1/blocks/{userId}', () => {
    it('lifts the block', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await unblock(testApp.http, alice, bob.id);

      expect(response.status).toBe(204);
      expect((await relationshipOf(testApp.http, alice, bob)).blocking).toBe(false);
    });

    it('allows requests again', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);
      await unblock(testApp.http, bob, alice.id).expect(204);

      await requestFriendship(testApp.http, alice, bob);
    });

    it('without a block is 204', async () => {
      const [alice, bob] = await twoUsers();

      const response = await unblock(testApp.http, alice, bob.id);

      expect(response.status).toBe(204);
    });

    it("leaves the other user's block", async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);

      await unblock(testApp.http, alice, bob.id).expect(204);

      expect((await relationshipOf(testApp.http, bob, alice)).blocking).toBe(true);
    });

    it('block after unblock is 201', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await unblock(testApp.http, alice, bob.id).expect(204);

      const response = await block(testApp.http, alice, bob.id);

      expect(response.status).toBe(201);
    });

    it('malformed id is 400', async () => {
      const [alice] = await twoUsers();

      const response = await unblock(testApp.http, alice, 'not-a-uuid');

      expectProblem(response, 400, 'invalid_id');
    });
  });

  describe('GET /v1/blocks', () => {
    it('lists blocked profiles newest first', async () => {
      const [alice, bob] = await twoUsers();
      const [carol] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await block(testApp.http, alice, carol.id).expect(201);

      const response = await listBlocks(alice);

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([
        {
          userId: carol.id,
          blockedAt: expect.any(String),
          profile: expect.objectContaining({ id: carol.id, username: carol.username }),
        },
        {
          userId: bob.id,
          blockedAt: expect.any(String),
          profile: expect.objectContaining({ id: bob.id, username: bob.username }),
        },
      ]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('leaves out lifted blocks', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await unblock(testApp.http, alice, bob.id).expect(204);

      const response = await listBlocks(alice);

      expect(response.body.data).toEqual([]);
    });

    it('leaves out blocks on the caller', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);

      const response = await listBlocks(alice);

      expect(response.body.data).toEqual([]);
    });

    it('hides a user who blocked back', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await block(testApp.http, bob, alice.id).expect(201);

      const hidden = await listBlocks(alice);
      await unblock(testApp.http, bob, alice.id).expect(204);
      const shown = await listBlocks(alice);

      expect(hidden.body.data).toEqual([]);
      expect((shown.body.data as BlockedProfileBody[]).map((item) => item.userId)).toEqual([
        bob.id,
      ]);
    });

    it('pages return every block once', async () => {
      const [alice] = await twoUsers();
      const blockedIds: string[] = [];
      for (let index = 0; index < 5; index += 1) {
        const target = await registerUser(testApp.http);
        await block(testApp.http, alice, target.id).expect(201);
        blockedIds.push(target.id);
      }

      const items = await listAll<BlockedProfileBody>(testApp.http, alice, '/v1/blocks', {
        limit: 2,
      });

      expect(items.map((item) => item.userId)).toEqual([...blockedIds].reverse());
    });

    it('malformed cursor is 400', async () => {
      const [alice] = await twoUsers();

      const response = await listBlocks(alice, { cursor: 'bad' });

      expectProblem(response, 400, 'invalid_cursor');
    });
  });

  describe('profile visibility', () => {
    function readProfile(viewer: RegisteredUser, id: string) {
      return testApp.http.get(`/v1/profiles/${id}`).set('Authorization', viewer.authorization);
    }

    function search(viewer: RegisteredUser, q: string) {
      return testApp.http
        .get('/v1/profiles')
        .query({ q })
        .set('Authorization', viewer.authorization);
    }

    it('blocked user gets 404 for blocker', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await readProfile(bob, alice.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('blocker still reads blocked profile', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await readProfile(alice, bob.id);

      expect(response.status).toBe(200);
    });

    it('others still read blocker profile', async () => {
      const [alice, bob] = await twoUsers();
      const [carol] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await readProfile(carol, alice.id);

      expect(response.status).toBe(200);
    });

    it('search hides the blocker', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await search(bob, alice.username);

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([]);
    });

    it('search by display name hides the blocker', async () => {
      const [alice, bob] = await twoUsers();
      await testApp.http
        .patch('/v1/profiles/me')
        .set('Authorization', alice.authorization)
        .send({ displayName: `Shown ${alice.username}` })
        .expect(200);
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await search(bob, `shown ${alice.username}`);

      expect(response.body.data).toEqual([]);
    });

    it('search shows the blocker to others', async () => {
      const [alice, bob] = await twoUsers();
      const [carol] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await search(carol, alice.username);

      expect(idsOf(response.body)).toEqual([alice.id]);
    });

    it('unblock shows the profile again', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);
      await unblock(testApp.http, alice, bob.id).expect(204);

      const read = await readProfile(bob, alice.id);
      const found = await search(bob, alice.username);

      expect(read.status).toBe(200);
      expect(idsOf(found.body)).toEqual([alice.id]);
    });
  });
});

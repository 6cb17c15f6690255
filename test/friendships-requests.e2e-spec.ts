import { deleteAccount, expectProblem, registerUser, RegisteredUser } from './support/factories';
import { queryDatabase, storedFriendshipState } from './support/database-rows';
import {
  answer,
  block,
  makeFriends,
  relationshipOf,
  removeFriendship,
  requestFriendship,
  sendRequest,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

const DAY_SECONDS = 24 * 60 * 60;

describe('friend requests', () => {
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

  /** Moves the decline of a friendship back in time, as if it happened that many hours ago. */
  async function declinedHoursAgo(friendshipId: string, hours: number): Promise<void> {
    await queryDatabase(
      testApp.database.url,
      `UPDATE friendships SET responded_at = now() - make_interval(hours => $2) WHERE id = $1`,
      [friendshipId, hours],
    );
  }

  describe('create', () => {
    it('by id is 201 pending', async () => {
      const [alice, bob] = await twoUsers();

      const response = await sendRequest(testApp.http, alice, bob);

      expect(response.status).toBe(201);
      expect(response.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          status: 'pending',
          direction: 'outgoing',
          requesterId: alice.id,
          addresseeId: bob.id,
          respondedAt: null,
          version: 1,
        }),
      );
      expect(response.body.profile).toEqual(
        expect.objectContaining({ id: bob.id, username: bob.username }),
      );
      expect(response.headers.etag).toBe('"1"');
    });

    it('by username is 201 pending', async () => {
      const [alice, bob] = await twoUsers();

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send({ username: ` ${bob.username.toUpperCase()} ` });

      expect(response.status).toBe(201);
      expect(response.body.addresseeId).toBe(bob.id);
    });

    it('public profile omits private fields', async () => {
      const [alice, bob] = await twoUsers();
      await testApp.http
        .patch('/v1/profiles/me')
        .set('Authorization', bob.authorization)
        .send({ timeZone: 'Europe/Berlin', locale: 'de-DE' })
        .expect(200);

      const response = await sendRequest(testApp.http, alice, bob);

      expect(response.body.profile).not.toHaveProperty('timeZone');
      expect(response.body.profile).not.toHaveProperty('locale');
    });

    it('addressee sees it as incoming', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);

      const relationship = await relationshipOf(testApp.http, bob, alice);

      expect(relationship).toEqual({
        userId: alice.id,
        friendship: 'pending_incoming',
        friendshipId: request.id,
        blocking: false,
      });
    });
  });

  describe('body validation', () => {
    it.each([
      ['neither field', {}],
      ['both fields', { addresseeId: '00000000-0000-4000-8000-000000000000', username: 'bob' }],
      ['malformed addresseeId', { addresseeId: 'not-a-uuid' }],
      ['null addresseeId', { addresseeId: null }],
      ['invalid username', { username: 'No Spaces' }],
      ['unknown field', { addresseeId: '00000000-0000-4000-8000-000000000000', note: 'hi' }],
    ])('%s is 400', async (_case, body) => {
      const [alice] = await twoUsers();

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send(body);

      expectProblem(response, 400, 'validation_failed');
    });
  });

  describe('self', () => {
    it('by id is 422', async () => {
      const [alice] = await twoUsers();

      const response = await sendRequest(testApp.http, alice, alice);

      expectProblem(response, 422, 'cannot_befriend_self');
    });

    it('by username is 422', async () => {
      const [alice] = await twoUsers();

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send({ username: alice.username });

      expectProblem(response, 422, 'cannot_befriend_self');
    });
  });

  describe('addressee not found', () => {
    it('unknown id is 404', async () => {
      const [alice] = await twoUsers();

      const response = await sendRequest(
        testApp.http,
        alice,
        '00000000-0000-4000-8000-000000000000',
      );

      expectProblem(response, 404, 'profile_not_found');
    });

    it('unknown username is 404', async () => {
      const [alice] = await twoUsers();

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send({ username: 'nobody_with_this_name' });

      expectProblem(response, 404, 'profile_not_found');
    });

    it('deleted account is 404', async () => {
      const [alice, bob] = await twoUsers();
      await deleteAccount(testApp.http, bob);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('deleted account by username is 404', async () => {
      const [alice, bob] = await twoUsers();
      await deleteAccount(testApp.http, bob);

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send({ username: bob.username });

      expectProblem(response, 404, 'profile_not_found');
    });
  });

  describe('blocked pair', () => {
    it('addressee blocked requester is 404', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('requester blocked addressee is 404', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, alice, bob.id).expect(201);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 404, 'profile_not_found');
    });

    it('blocked by username is 404', async () => {
      const [alice, bob] = await twoUsers();
      await block(testApp.http, bob, alice.id).expect(201);

      const response = await testApp.http
        .post('/v1/friendships')
        .set('Authorization', alice.authorization)
        .send({ username: bob.username });

      expectProblem(response, 404, 'profile_not_found');
    });
  });

  describe('existing pair', () => {
    it('repeated request is 409', async () => {
      const [alice, bob] = await twoUsers();
      await requestFriendship(testApp.http, alice, bob);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 409, 'friendship_exists');
    });

    it('accepted friendship is 409', async () => {
      const [alice, bob] = await twoUsers();
      await makeFriends(testApp.http, alice, bob);

      const fromRequester = await sendRequest(testApp.http, alice, bob);
      const fromAddressee = await sendRequest(testApp.http, bob, alice);

      expectProblem(fromRequester, 409, 'friendship_exists');
      expectProblem(fromAddressee, 409, 'friendship_exists');
    });

    it('crossing request accepts with 200', async () => {
      const [alice, bob] = await twoUsers();
      const pending = await requestFriendship(testApp.http, alice, bob);

      const response = await sendRequest(testApp.http, bob, alice);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          id: pending.id,
          status: 'accepted',
          direction: 'incoming',
          requesterId: alice.id,
          addresseeId: bob.id,
          respondedAt: expect.any(String),
          version: 2,
        }),
      );
      expect(response.body.profile.id).toBe(alice.id);
    });

    it('crossing request leaves one row', async () => {
      const [alice, bob] = await twoUsers();
      await requestFriendship(testApp.http, alice, bob);
      await sendRequest(testApp.http, bob, alice).expect(200);

      const rows = await queryDatabase<{ status: string }>(
        testApp.database.url,
        `SELECT status FROM friendships
         WHERE deleted_at IS NULL AND requester_id IN ($1, $2) AND addressee_id IN ($1, $2)`,
        [alice.id, bob.id],
      );

      expect(rows).toEqual([{ status: 'accepted' }]);
    });

    it('ended friendship can be requested again', async () => {
      const [alice, bob] = await twoUsers();
      const friendship = await makeFriends(testApp.http, alice, bob);
      await removeFriendship(testApp.http, bob, friendship.id).expect(204);

      const response = await sendRequest(testApp.http, bob, alice);

      expect(response.status).toBe(201);
      expect(response.body.id).not.toBe(friendship.id);
    });

    it('cancelled request can be sent again', async () => {
      const [alice, bob] = await twoUsers();
      const first = await requestFriendship(testApp.http, alice, bob);
      await removeFriendship(testApp.http, alice, first.id).expect(204);

      const response = await sendRequest(testApp.http, alice, bob);

      expect(response.status).toBe(201);
    });
  });

  describe('decline cooldown', () => {
    it('request within 24 hours is 429', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, request.id, 'decline').expect(200);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 429, 'friend_request_cooldown');
      const retryAfter = Number(response.headers['retry-after']);
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(DAY_SECONDS - 600);
      expect(retryAfter).toBeLessThanOrEqual(DAY_SECONDS);
    });

    it('Retry-After counts down', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, request.id, 'decline').expect(200);
      await declinedHoursAgo(request.id, 23);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 429, 'friend_request_cooldown');
      const retryAfter = Number(response.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3600 - 600);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    });

    it('request after 24 hours is 201', async () => {
      const [alice, bob] = await twoUsers();
      const declined = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, declined.id, 'decline').expect(200);
      await declinedHoursAgo(declined.id, 25);

      const response = await sendRequest(testApp.http, alice, bob);

      expect(response.status).toBe(201);
      expect(response.body.status).toBe('pending');
      expect(response.body.id).not.toBe(declined.id);
      expect(await storedFriendshipState(testApp.database.url, declined.id)).toBe('deleted');
    });

    it('decliner may ask at once', async () => {
      const [alice, bob] = await twoUsers();
      const declined = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, declined.id, 'decline').expect(200);

      const response = await sendRequest(testApp.http, bob, alice);

      expect(response.status).toBe(201);
      expect(response.body).toEqual(
        expect.objectContaining({ requesterId: bob.id, addresseeId: alice.id, status: 'pending' }),
      );
      expect(await storedFriendshipState(testApp.database.url, declined.id)).toBe('deleted');
    });

    it('block and unblock keep cooldown', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, request.id, 'decline').expect(200);
      await block(testApp.http, alice, bob.id).expect(201);
      await testApp.http
        .delete(`/v1/blocks/${bob.id}`)
        .set('Authorization', alice.authorization)
        .expect(204);

      const response = await sendRequest(testApp.http, alice, bob);

      expectProblem(response, 429, 'friend_request_cooldown');
    });

    it('declined request shows as none', async () => {
      const [alice, bob] = await twoUsers();
      const request = await requestFriendship(testApp.http, alice, bob);
      await answer(testApp.http, bob, request.id, 'decline').expect(200);

      expect(await relationshipOf(testApp.http, alice, bob)).toEqual(
        expect.objectContaining({ friendship: 'none', friendshipId: null }),
      );
      expect(await relationshipOf(testApp.http, bob, alice)).toEqual(
        expect.objectContaining({ friendship: 'none', friendshipId: null }),
      );
    });
  });

  describe('Idempotency-Key', () => {
    it('repeat returns the first response', async () => {
      const [alice, bob] = await twoUsers();
      const send = () => sendRequest(testApp.http, alice, bob).set('Idempotency-Key', 'req-1');

      const first = await send();
      const repeat = await send();

      expect(first.status).toBe(201);
      expect(repeat.status).toBe(201);
      expect(repeat.body).toEqual(first.body);
    });

    it('repeat of an accept returns 200', async () => {
      const [alice, bob] = await twoUsers();
      await requestFriendship(testApp.http, alice, bob);
      const send = () => sendRequest(testApp.http, bob, alice).set('Idempotency-Key', 'accept-1');

      const first = await send();
      const repeat = await send();

      expect(first.status).toBe(200);
      expect(repeat.status).toBe(200);
      expect(repeat.body).toEqual(first.body);
    });

    it('same key with another body is 422', async () => {
      const [alice, bob] = await twoUsers();
      const [carol] = await twoUsers();
      await sendRequest(testApp.http, alice, bob).set('Idempotency-Key', 'reused').expect(201);

      const response = await sendRequest(testApp.http, alice, carol).set(
        'Idempotency-Key',
        'reused',
      );

      expectProblem(response, 422, 'idempotency_key_reused');
    });
  });

  it('requires a bearer token', async () => {
    const response = await testApp.http
      .post('/v1/friendships')
      .send({ addresseeId: '00000000-0000-4000-8000-000000000000' });

    expectProblem(response, 401, 'unauthorized');
  });
});

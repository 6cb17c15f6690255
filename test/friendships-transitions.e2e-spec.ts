import { expectProblem, registerUser, RegisteredUser } from './support/factories';
import { storedFriendshipState } from './support/database-rows';
import { answer, removeFriendship, requestFriendship } from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

type State = 'pending' | 'accepted' | 'declined' | 'deleted';
type Actor = 'requester' | 'addressee' | 'stranger';
type Action = 'accept' | 'decline' | 'delete';

interface Transition {
  state: State;
  actor: Actor;
  action: Action;
  status: number;
  /** Error code, for a 4xx outcome. */
  code?: string;
  /** The stored state after the call. */
  after: State;
}

/**
 * Who may do what from each state. A 4xx outcome leaves the state as it was.
 * Checks run in this order: not a participant or deleted (404), state (409),
 * role (403).
 */
const TRANSITIONS: Transition[] = [
  { state: 'pending', actor: 'addressee', action: 'accept', status: 200, after: 'accepted' },
  { state: 'pending', actor: 'addressee', action: 'decline', status: 200, after: 'declined' },
  {
    state: 'pending',
    actor: 'addressee',
    action: 'delete',
    status: 403,
    code: 'friendship_requester_only',
    after: 'pending',
  },
  {
    state: 'pending',
    actor: 'requester',
    action: 'accept',
    status: 403,
    code: 'friendship_addressee_only',
    after: 'pending',
  },
  {
    state: 'pending',
    actor: 'requester',
    action: 'decline',
    status: 403,
    code: 'friendship_addressee_only',
    after: 'pending',
  },
  { state: 'pending', actor: 'requester', action: 'delete', status: 204, after: 'deleted' },

  {
    state: 'accepted',
    actor: 'addressee',
    action: 'accept',
    status: 409,
    code: 'friendship_not_pending',
    after: 'accepted',
  },
  {
    state: 'accepted',
    actor: 'addressee',
    action: 'decline',
    status: 409,
    code: 'friendship_not_pending',
    after: 'accepted',
  },
  { state: 'accepted', actor: 'addressee', action: 'delete', status: 204, after: 'deleted' },
  {
    state: 'accepted',
    actor: 'requester',
    action: 'accept',
    status: 409,
    code: 'friendship_not_pending',
    after: 'accepted',
  },
  {
    state: 'accepted',
    actor: 'requester',
    action: 'decline',
    status: 409,
    code: 'friendship_not_pending',
    after: 'accepted',
  },
  { state: 'accepted', actor: 'requester', action: 'delete', status: 204, after: 'deleted' },

  ...(['requester', 'addressee'] as const).flatMap((actor): Transition[] => [
    {
      state: 'declined',
      actor,
      action: 'accept',
      status: 409,
      code: 'friendship_not_pending',
      after: 'declined',
    },
    {
      state: 'declined',
      actor,
      action: 'decline',
      status: 409,
      code: 'friendship_not_pending',
      after: 'declined',
    },
    {
      state: 'declined',
      actor,
      action: 'delete',
      status: 409,
      code: 'friendship_declined',
      after: 'declined',
    },
  ]),

  ...(['pending', 'accepted', 'declined'] as const).flatMap((state) =>
    (['accept', 'decline', 'delete'] as const).map(
      (action): Transition => ({
        state,
        actor: 'stranger',
        action,
        status: 404,
        code: 'friendship_not_found',
        after: state,
      }),
    ),
  ),

  ...(['requester', 'addressee', 'stranger'] as const).flatMap((actor) =>
    (['accept', 'decline', 'delete'] as const).map(
      (action): Transition => ({
        state: 'deleted',
        actor,
        action,
        status: 404,
        code: 'friendship_not_found',
        after: 'deleted',
      }),
    ),
  ),
];

describe('friendship transitions', () => {
  let testApp: TestApp;
  let stranger: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    stranger = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  /** Creates a friendship between two new users and brings it to the state. */
  async function friendshipIn(
    state: State,
  ): Promise<{ id: string; requester: RegisteredUser; addressee: RegisteredUser }> {
    const requester = await registerUser(testApp.http);
    const addressee = await registerUser(testApp.http);
    const { id } = await requestFriendship(testApp.http, requester, addressee);

    const setup =
      state === 'accepted'
        ? answer(testApp.http, addressee, id, 'accept')
        : state === 'declined'
          ? answer(testApp.http, addressee, id, 'decline')
          : state === 'deleted'
            ? removeFriendship(testApp.http, requester, id)
            : undefined;
    if (setup !== undefined) {
      const response = await setup;
      if (response.status >= 300) {
        throw new Error(`setup of ${state} failed with ${response.status}`);
      }
    }
    return { id, requester, addressee };
  }

  it('table covers every combination', () => {
    const keys = new Set(
      TRANSITIONS.map(({ state, actor, action }) => `${state}/${actor}/${action}`),
    );

    expect(keys.size).toBe(TRANSITIONS.length);
    expect(keys.size).toBe(4 * 3 * 3);
  });

  it.each(TRANSITIONS)(
    '$state: $actor $action is $status',
    async ({ state, actor, action, status, code, after }) => {
      const friendship = await friendshipIn(state);
      const caller = actor === 'stranger' ? stranger : friendship[actor];

      const response =
        action === 'delete'
          ? await removeFriendship(testApp.http, caller, friendship.id)
          : await answer(testApp.http, caller, friendship.id, action);

      if (code === undefined) {
        expect(response.status).toBe(status);
      } else {
        expectProblem(response, status, code);
      }
      expect(await storedFriendshipState(testApp.database.url, friendship.id)).toBe(after);
    },
  );

  it.each(['accept', 'decline'] as const)('%s returns the answered friendship', async (action) => {
    const { id, requester, addressee } = await friendshipIn('pending');

    const response = await answer(testApp.http, addressee, id, action);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      expect.objectContaining({
        id,
        status: action === 'accept' ? 'accepted' : 'declined',
        direction: 'incoming',
        requesterId: requester.id,
        addresseeId: addressee.id,
        respondedAt: expect.any(String),
        version: 2,
      }),
    );
    expect(response.body.profile).toEqual(
      expect.objectContaining({ id: requester.id, username: requester.username }),
    );
    expect(response.headers.etag).toBe('"2"');
  });

  it('malformed id is 400 invalid_id', async () => {
    const { requester } = await friendshipIn('pending');

    const responses = await Promise.all([
      answer(testApp.http, requester, 'not-a-uuid', 'accept'),
      answer(testApp.http, requester, 'not-a-uuid', 'decline'),
      removeFriendship(testApp.http, requester, 'not-a-uuid'),
    ]);

    for (const response of responses) {
      expectProblem(response, 400, 'invalid_id');
    }
  });

  it('unknown id is 404', async () => {
    const { requester } = await friendshipIn('pending');

    const response = await answer(
      testApp.http,
      requester,
      '00000000-0000-4000-8000-000000000000',
      'accept',
    );

    expectProblem(response, 404, 'friendship_not_found');
  });

  describe('If-Match on DELETE', () => {
    it('current ETag deletes', async () => {
      const { id, requester } = await friendshipIn('pending');

      const response = await removeFriendship(testApp.http, requester, id).set('If-Match', '"1"');

      expect(response.status).toBe(204);
      expect(await storedFriendshipState(testApp.database.url, id)).toBe('deleted');
    });

    it('stale ETag is 412', async () => {
      const { id, requester, addressee } = await friendshipIn('pending');
      await answer(testApp.http, addressee, id, 'accept').expect(200);

      const response = await removeFriendship(testApp.http, requester, id).set('If-Match', '"1"');

      expectProblem(response, 412, 'precondition_failed');
      expect(await storedFriendshipState(testApp.database.url, id)).toBe('accepted');
    });
  });
});

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { queryDatabase } from './support/database-rows';
import { registerUser, RegisteredUser } from './support/factories';
import {
  answer,
  block,
  removeFriendship,
  requestFriendship,
  sendRequest,
} from './support/friendships';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const ROUNDS = 25;

interface PairState {
  /** Statuses of the live friendship rows between the two users. */
  friendships: string[];
  /** Live blocks as "blocker>blocked" user labels. */
  blocks: string[];
}

describe('friendship races', () => {
  let testApp: TestApp;
  let secondApp: NestFastifyApplication;
  let secondHttp: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    // supertest binds a server that is not listening once per request, which
    // breaks under concurrent requests, so both apps listen on loopback first.
    await testApp.app.listen(0, '127.0.0.1');

    secondApp = await createApp(
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: TEST_JWT_SECRET,
        DATABASE_URL: testApp.database.url,
        AUTH_RATE_LIMIT_PER_IP: '1000000',
        AUTH_RATE_LIMIT_PER_EMAIL: '1000000',
      }),
    );
    await secondApp.listen(0, '127.0.0.1');
    secondHttp = request(secondApp.getHttpServer());
  });

  afterAll(async () => {
    await secondApp.close();
    await testApp.close();
  });

  async function pairStateOf(alice: RegisteredUser, bob: RegisteredUser): Promise<PairState> {
    const friendships = await queryDatabase<{ status: string }>(
      testApp.database.url,
      `SELECT status FROM friendships
       WHERE deleted_at IS NULL AND requester_id IN ($1, $2) AND addressee_id IN ($1, $2)`,
      [alice.id, bob.id],
    );
    const blocks = await queryDatabase<{ label: string }>(
      testApp.database.url,
      `SELECT CASE WHEN blocker_id = $1 THEN 'alice>bob' ELSE 'bob>alice' END AS label
       FROM blocks
       WHERE deleted_at IS NULL AND blocker_id IN ($1, $2) AND blocked_id IN ($1, $2)`,
      [alice.id, bob.id],
    );
    return {
      friendships: friendships.map((row) => row.status),
      blocks: blocks.map((row) => row.label).sort(),
    };
  }

  /** Ends every friendship and block between the two, so the next round starts from nothing. */
  async function resetPair(alice: RegisteredUser, bob: RegisteredUser): Promise<void> {
    for (const table of ['friendships', 'blocks']) {
      const [first, second] =
        table === 'friendships' ? ['requester_id', 'addressee_id'] : ['blocker_id', 'blocked_id'];
      await queryDatabase(
        testApp.database.url,
        `UPDATE ${table} SET deleted_at = now()
         WHERE deleted_at IS NULL AND ${first} IN ($1, $2) AND ${second} IN ($1, $2)`,
        [alice.id, bob.id],
      );
    }
  }

  /**
   * Runs a race ROUNDS times on one pair of users and returns a line for
   * every round whose outcome was not allowed, so a failure names the round.
   * Each round sends its two requests at once, to the HTTP agents given.
   */
  async function raceRounds(
    agents: [TestAgent, TestAgent],
    setup: (alice: RegisteredUser, bob: RegisteredUser) => Promise<string | undefined>,
    race: (
      alice: RegisteredUser,
      bob: RegisteredUser,
      agents: [TestAgent, TestAgent],
      friendshipId: string | undefined,
    ) => [Promise<request.Response>, Promise<request.Response>],
    allowed: (statuses: [number, number], state: PairState) => boolean,
  ): Promise<string[]> {
    const alice = await registerUser(testApp.http);
    const bob = await registerUser(testApp.http);
    const failures: string[] = [];

    for (let round = 0; round < ROUNDS; round += 1) {
      await resetPair(alice, bob);
      const friendshipId = await setup(alice, bob);
      // Alternate which request goes to which agent, so each app serves both sides.
      const roundAgents: [TestAgent, TestAgent] = round % 2 === 0 ? agents : [agents[1], agents[0]];

      const [first, second] = await Promise.all(race(alice, bob, roundAgents, friendshipId));

      const statuses: [number, number] = [first.status, second.status];
      const state = await pairStateOf(alice, bob);
      if (!allowed(statuses, state)) {
        failures.push(
          `round ${round}: statuses ${statuses.join(', ')}, state ${JSON.stringify(state)}`,
        );
      }
    }
    return failures;
  }

  const noSetup = (): Promise<undefined> => Promise.resolve(undefined);

  async function pendingFromAlice(alice: RegisteredUser, bob: RegisteredUser): Promise<string> {
    return (await requestFriendship(testApp.http, alice, bob)).id;
  }

  function sameStatuses(statuses: [number, number], expected: [number, number]): boolean {
    return statuses[0] === expected[0] && statuses[1] === expected[1];
  }

  /** The races, each run against one app and against two apps on the same database. */
  const setups: [string, () => [TestAgent, TestAgent]][] = [
    ['one instance', () => [testApp.http, testApp.http]],
    ['two instances', () => [testApp.http, secondHttp]],
  ];

  describe.each(setups)('%s', (_name, agentsOf) => {
    it('crossing requests make one friendship', async () => {
      const failures = await raceRounds(
        agentsOf(),
        noSetup,
        (alice, bob, [first, second]) => [
          sendRequest(first, alice, bob),
          sendRequest(second, bob, alice),
        ],
        (statuses, state) =>
          [...statuses].sort().join() === '200,201' && state.friendships.join() === 'accepted',
      );

      expect(failures).toEqual([]);
    });

    it('accept racing cancel ends consistently', async () => {
      const failures = await raceRounds(
        agentsOf(),
        pendingFromAlice,
        (alice, bob, [first, second], id) => [
          answer(first, bob, id ?? '', 'accept'),
          removeFriendship(second, alice, id ?? ''),
        ],
        // Accept first: the requester's DELETE then ends the friendship.
        // Cancel first: the accept finds no friendship.
        (statuses, state) =>
          (sameStatuses(statuses, [200, 204]) || sameStatuses(statuses, [404, 204])) &&
          state.friendships.length === 0,
      );

      expect(failures).toEqual([]);
    });

    it('accept racing guarded cancel ends consistently', async () => {
      const failures = await raceRounds(
        agentsOf(),
        pendingFromAlice,
        (alice, bob, [first, second], id) => [
          answer(first, bob, id ?? '', 'accept'),
          removeFriendship(second, alice, id ?? '').set('If-Match', '"1"'),
        ],
        // With If-Match the cancel cannot end a friendship accepted meanwhile.
        (statuses, state) =>
          (sameStatuses(statuses, [200, 412]) && state.friendships.join() === 'accepted') ||
          (sameStatuses(statuses, [404, 204]) && state.friendships.length === 0),
      );

      expect(failures).toEqual([]);
    });

    it('request racing block leaves no friendship', async () => {
      const failures = await raceRounds(
        agentsOf(),
        noSetup,
        (alice, bob, [first, second]) => [
          sendRequest(first, alice, bob),
          block(second, bob, alice.id),
        ],
        // Request first: the block ends it. Block first: the request finds it.
        (statuses, state) =>
          (sameStatuses(statuses, [201, 201]) || sameStatuses(statuses, [404, 201])) &&
          state.friendships.length === 0 &&
          state.blocks.join() === 'bob>alice',
      );

      expect(failures).toEqual([]);
    });

    it('crossing request racing block leaves none', async () => {
      const failures = await raceRounds(
        agentsOf(),
        pendingFromAlice,
        (alice, bob, [first, second]) => [
          sendRequest(first, bob, alice),
          block(second, alice, bob.id),
        ],
        (statuses, state) =>
          (sameStatuses(statuses, [200, 201]) || sameStatuses(statuses, [404, 201])) &&
          state.friendships.length === 0 &&
          state.blocks.join() === 'alice>bob',
      );

      expect(failures).toEqual([]);
    });

    it('accept racing block leaves none', async () => {
      const failures = await raceRounds(
        agentsOf(),
        pendingFromAlice,
        (alice, bob, [first, second], id) => [
          answer(first, bob, id ?? '', 'accept'),
          block(second, alice, bob.id),
        ],
        (statuses, state) =>
          (sameStatuses(statuses, [200, 201]) || sameStatuses(statuses, [404, 201])) &&
          state.friendships.length === 0 &&
          state.blocks.join() === 'alice>bob',
      );

      expect(failures).toEqual([]);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { AbstractLogger, DataSource, Logger as TypeOrmLogger, LogLevel, LogMessage } from 'typeorm';
import { deleteAccount, expectProblem, registerUser, RegisteredUser } from './support/factories';
import {
  answer,
  block,
  makeFriends,
  RelationshipBody,
  relationshipsOf,
  removeFriendship,
  requestFriendship,
} from './support/friendships';
import { startTestApp, TestApp } from './support/test-app';

/** A TypeORM logger that keeps the SQL of every statement instead of printing it. */
class StatementRecorder extends AbstractLogger {
  readonly statements: string[] = [];

  override logQuery(query: string): void {
    this.statements.push(query);
  }

  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {
    // Only statements are of interest, and logQuery records them.
  }
}

describe('relationships lookup', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function lookup(viewer: RegisteredUser, ids: string) {
    return testApp.http
      .get('/v1/relationships')
      .query({ ids })
      .set('Authorization', viewer.authorization);
  }

  async function users(count: number): Promise<RegisteredUser[]> {
    const registered: RegisteredUser[] = [];
    for (let index = 0; index < count; index += 1) {
      registered.push(await registerUser(testApp.http));
    }
    return registered;
  }

  describe('states', () => {
    let viewer: RegisteredUser;
    let others: Record<string, RegisteredUser>;
    let friendshipIds: Record<string, string>;

    beforeAll(async () => {
      const [me, friend, asked, asking, declined, ended, blocked, blocker, deleted, stranger] =
        await users(10);
      viewer = me as RegisteredUser;
      others = {
        friend: friend as RegisteredUser,
        asked: asked as RegisteredUser,
        asking: asking as RegisteredUser,
        declined: declined as RegisteredUser,
        ended: ended as RegisteredUser,
        blocked: blocked as RegisteredUser,
        blocker: blocker as RegisteredUser,
        deleted: deleted as RegisteredUser,
        stranger: stranger as RegisteredUser,
      };

      friendshipIds = {
        friend: (await makeFriends(testApp.http, others.friend!, viewer)).id,
        asked: (await requestFriendship(testApp.http, viewer, others.asked!)).id,
        asking: (await requestFriendship(testApp.http, others.asking!, viewer)).id,
      };
      const declinedRequest = await requestFriendship(testApp.http, viewer, others.declined!);
      await answer(testApp.http, others.declined!, declinedRequest.id, 'decline').expect(200);
      const endedFriendship = await makeFriends(testApp.http, viewer, others.ended!);
      await removeFriendship(testApp.http, viewer, endedFriendship.id).expect(204);
      await block(testApp.http, viewer, others.blocked!.id).expect(201);
      await block(testApp.http, others.blocker!, viewer.id).expect(201);
      await makeFriends(testApp.http, viewer, others.deleted!);
      await block(testApp.http, viewer, others.deleted!.id).expect(201);
      await deleteAccount(testApp.http, others.deleted!);
    });

    it.each([
      ['friend', 'accepted', true, false],
      ['asked', 'pending_outgoing', true, false],
      ['asking', 'pending_incoming', true, false],
      ['declined', 'none', false, false],
      ['ended', 'none', false, false],
      ['blocked', 'none', false, true],
      ['blocker', 'none', false, false],
      ['deleted', 'none', false, false],
      ['stranger', 'none', false, false],
    ] as const)('%s answers %s', async (name, friendship, hasId, blocking) => {
      const other = others[name] as RegisteredUser;

      const [relationship] = await relationshipsOf(testApp.http, viewer, [other.id]);

      expect(relationship).toEqual({
        userId: other.id,
        friendship,
        friendshipId: hasId ? friendshipIds[name] : null,
        blocking,
      });
    });

    it('mixed ids answer in request order', async () => {
      const unknown = randomUUID();
      const ids = [others.asking!.id, unknown, others.friend!.id, others.blocked!.id];

      const relationships = await relationshipsOf(testApp.http, viewer, ids);

      expect(relationships.map((relationship) => relationship.userId)).toEqual(ids);
      expect(relationships.map((relationship) => relationship.friendship)).toEqual([
        'pending_incoming',
        'none',
        'accepted',
        'none',
      ]);
      expect(relationships.map((relationship) => relationship.blocking)).toEqual([
        false,
        false,
        false,
        true,
      ]);
    });

    it('own id answers none', async () => {
      const [relationship] = await relationshipsOf(testApp.http, viewer, [viewer.id]);

      expect(relationship).toEqual({
        userId: viewer.id,
        friendship: 'none',
        friendshipId: null,
        blocking: false,
      });
    });

    it('repeated id answers once', async () => {
      const friendId = others.friend!.id;

      const relationships = await relationshipsOf(testApp.http, viewer, [
        friendId,
        friendId.toUpperCase(),
        friendId,
      ]);

      expect(relationships.map((relationship) => relationship.userId)).toEqual([friendId]);
    });

    it('other side sees the mirror state', async () => {
      const [relationship] = await relationshipsOf(testApp.http, others.asked!, [viewer.id]);

      expect(relationship?.friendship).toBe('pending_incoming');
      expect(relationship?.friendshipId).toBe(friendshipIds.asked);
    });

    it('repeated ids parameter is accepted', async () => {
      const response = await testApp.http
        .get(`/v1/relationships?ids=${others.friend!.id}&ids=${others.asked!.id}`)
        .set('Authorization', viewer.authorization);

      const relationships = (response.body as { data: RelationshipBody[] }).data;
      expect(response.status).toBe(200);
      expect(relationships.map((relationship) => relationship.friendship)).toEqual([
        'accepted',
        'pending_outgoing',
      ]);
    });
  });

  describe('validation', () => {
    let viewer: RegisteredUser;

    beforeAll(async () => {
      viewer = await registerUser(testApp.http);
    });

    it('100 ids are accepted', async () => {
      const ids = Array.from({ length: 100 }, () => randomUUID());

      const response = await lookup(viewer, ids.join(','));

      expect(response.status).toBe(200);
      expect(response.body.data).toHaveLength(100);
    });

    it('101 ids are 400', async () => {
      const ids = Array.from({ length: 101 }, () => randomUUID());

      const response = await lookup(viewer, ids.join(','));

      expectProblem(response, 400, 'validation_failed');
    });

    it.each([
      ['malformed uuid', `${randomUUID()},not-a-uuid`],
      ['empty value', ''],
      ['empty entry', `${randomUUID()},,${randomUUID()}`],
      ['trailing comma', `${randomUUID()},`],
    ])('%s is 400', async (_case, ids) => {
      const response = await lookup(viewer, ids);

      expectProblem(response, 400, 'validation_failed');
    });

    it('missing ids is 400', async () => {
      const response = await testApp.http
        .get('/v1/relationships')
        .set('Authorization', viewer.authorization);

      expectProblem(response, 400, 'validation_failed');
    });

    it('requires a bearer token', async () => {
      const response = await testApp.http.get('/v1/relationships').query({ ids: randomUUID() });

      expectProblem(response, 401, 'unauthorized');
    });
  });

  describe('statement count', () => {
    let dataSource: DataSource;
    let originalLogger: TypeOrmLogger;
    let recorder: StatementRecorder;

    beforeAll(() => {
      dataSource = testApp.app.get(DataSource);
      originalLogger = dataSource.logger;
    });

    afterEach(() => {
      dataSource.logger = originalLogger;
    });

    /** Runs a lookup for the ids and returns the SQL statements it sent. */
    async function statementsOf(viewer: RegisteredUser, ids: string[]): Promise<string[]> {
      recorder = new StatementRecorder();
      dataSource.logger = recorder;
      try {
        const response = await lookup(viewer, ids.join(','));
        expect(response.status).toBe(200);
      } finally {
        dataSource.logger = originalLogger;
      }
      return recorder.statements;
    }

    function relationshipStatements(statements: string[]): string[] {
      return statements.filter(
        (statement) => statement.includes('friendships') || statement.includes('blocks'),
      );
    }

    it('100 ids take one statement', async () => {
      const [viewer, ...known] = await users(4);
      await makeFriends(testApp.http, viewer!, known[0]!);
      await block(testApp.http, viewer!, known[1]!.id).expect(201);
      const ids = [
        ...known.map((user) => user.id),
        ...Array.from({ length: 100 - known.length }, () => randomUUID()),
      ];

      const statements = await statementsOf(viewer!, ids);

      expect(relationshipStatements(statements)).toHaveLength(1);
    });

    it('statement count ignores id count', async () => {
      const [viewer] = await users(1);
      const one = await statementsOf(viewer!, [randomUUID()]);

      const hundred = await statementsOf(
        viewer!,
        Array.from({ length: 100 }, () => randomUUID()),
      );

      expect(one.length).toBeGreaterThan(0);
      expect(hundred).toHaveLength(one.length);
    });
  });
});

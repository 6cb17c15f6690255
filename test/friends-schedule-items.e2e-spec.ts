import TestAgent from 'supertest/lib/agent';
import { deleteAccount, expectProblem, registerUser, RegisteredUser } from './support/factories';
import {
  answer,
  block,
  listAll,
  makeFriends,
  removeFriendship,
  requestFriendship,
  unblock,
} from './support/friendships';
import { createScheduleItem, errorFieldsOf, ScheduleItemBody } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

const WINDOW = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };

type Visibility = 'private' | 'busy' | 'friends';

/** What the viewer gets for an item: the full form, the busy block, nothing, or a 404 for the route. */
type Outcome = 'full' | 'busy' | 'hidden' | 'not_found';

interface RelationshipCase {
  relationship: string;
  /** Links viewer and owner, and returns the user who then reads the owner's schedule. */
  setup: (
    http: TestAgent,
    viewer: RegisteredUser,
    owner: RegisteredUser,
  ) => Promise<RegisteredUser>;
  outcomes: Record<Visibility, Outcome>;
}

const NOT_FOUND: Record<Visibility, Outcome> = {
  private: 'not_found',
  busy: 'not_found',
  friends: 'not_found',
};

/** Every relationship between viewer and owner, with what the viewer sees of each visibility. */
const RELATIONSHIPS: RelationshipCase[] = [
  {
    relationship: 'accepted friend',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, viewer, owner);
      return viewer;
    },
    outcomes: { private: 'hidden', busy: 'busy', friends: 'full' },
  },
  {
    relationship: 'accepted friend of owner request',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, owner, viewer);
      return viewer;
    },
    outcomes: { private: 'hidden', busy: 'busy', friends: 'full' },
  },
  {
    relationship: 'pending from viewer',
    setup: async (http, viewer, owner) => {
      await requestFriendship(http, viewer, owner);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'pending from owner',
    setup: async (http, viewer, owner) => {
      await requestFriendship(http, owner, viewer);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'declined request',
    setup: async (http, viewer, owner) => {
      const request = await requestFriendship(http, viewer, owner);
      await answer(http, owner, request.id, 'decline').expect(200);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'ended friendship',
    setup: async (http, viewer, owner) => {
      const friendship = await makeFriends(http, viewer, owner);
      await removeFriendship(http, owner, friendship.id).expect(204);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'owner blocked viewer',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, viewer, owner);
      await block(http, owner, viewer.id).expect(201);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'viewer blocked owner',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, viewer, owner);
      await block(http, viewer, owner.id).expect(201);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'block lifted',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, viewer, owner);
      await block(http, owner, viewer.id).expect(201);
      await unblock(http, owner, viewer.id).expect(204);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'stranger',
    setup: (_http, viewer) => Promise.resolve(viewer),
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'self',
    setup: (_http, _viewer, owner) => Promise.resolve(owner),
    outcomes: NOT_FOUND,
  },
  {
    relationship: 'deleted owner',
    setup: async (http, viewer, owner) => {
      await makeFriends(http, viewer, owner);
      await deleteAccount(http, owner);
      return viewer;
    },
    outcomes: NOT_FOUND,
  },
];

describe("friends' schedule items", () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp();
  });

  afterAll(async () => {
    await testApp.close();
  });

  function friendSchedule(
    viewer: RegisteredUser,
    ownerId: string,
    query: Record<string, string | number> = WINDOW,
  ) {
    return testApp.http
      .get(`/v1/friends/${ownerId}/schedule-items`)
      .query(query)
      .set('Authorization', viewer.authorization);
  }

  /** Returns the ids the viewer gets for the owner's window, across every page. */
  async function visibleIds(
    viewer: RegisteredUser,
    owner: RegisteredUser,
    query: Record<string, string | number> = WINDOW,
  ): Promise<string[]> {
    const items = await listAll<{ id: string }>(
      testApp.http,
      viewer,
      `/v1/friends/${owner.id}/schedule-items`,
      query,
    );
    return items.map((item) => item.id);
  }

  async function friendsPair(): Promise<{ owner: RegisteredUser; viewer: RegisteredUser }> {
    const owner = await registerUser(testApp.http);
    const viewer = await registerUser(testApp.http);
    await makeFriends(testApp.http, viewer, owner);
    return { owner, viewer };
  }

  function fullFormOf(item: ScheduleItemBody): Record<string, unknown> {
    return {
      id: item.id,
      title: item.title,
      location: item.location,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      allDay: item.allDay,
      startDate: item.startDate,
      endDate: item.endDate,
      timeZone: item.timeZone,
      busy: false,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
    };
  }

  function busyFormOf(item: ScheduleItemBody): Record<string, unknown> {
    return {
      id: item.id,
      startsAt: item.startsAt,
      endsAt: item.endsAt,
      allDay: item.allDay,
      busy: true,
    };
  }

  describe.each(RELATIONSHIPS)('$relationship', ({ setup, outcomes }) => {
    it('shows each visibility as expected', async () => {
      const owner = await registerUser(testApp.http);
      const viewer = await registerUser(testApp.http);
      const items: Record<Visibility, ScheduleItemBody> = {
        private: await createScheduleItem(testApp.http, owner, {
          title: 'Private',
          visibility: 'private',
          startsAt: '2026-03-02T09:00:00Z',
          endsAt: '2026-03-02T10:00:00Z',
        }),
        busy: await createScheduleItem(testApp.http, owner, {
          title: 'Busy',
          visibility: 'busy',
          startsAt: '2026-03-03T09:00:00Z',
          endsAt: '2026-03-03T10:00:00Z',
        }),
        friends: await createScheduleItem(testApp.http, owner, {
          title: 'Shared',
          visibility: 'friends',
          startsAt: '2026-03-04T09:00:00Z',
          endsAt: '2026-03-04T10:00:00Z',
        }),
      };
      const reader = await setup(testApp.http, viewer, owner);

      const response = await friendSchedule(reader, owner.id);

      if (Object.values(outcomes).includes('not_found')) {
        expectProblem(response, 404, 'profile_not_found');
        return;
      }
      expect(response.status).toBe(200);
      const body = response.body as { data: { id: string }[] };
      for (const visibility of ['private', 'busy', 'friends'] as const) {
        const item = items[visibility];
        const listed = body.data.find((entry) => entry.id === item.id);
        const outcome = outcomes[visibility];
        if (outcome === 'hidden') {
          expect({ visibility, listed }).toEqual({ visibility, listed: undefined });
        } else {
          const expected = outcome === 'full' ? fullFormOf(item) : busyFormOf(item);
          expect({ visibility, listed }).toEqual({ visibility, listed: expected });
        }
      }
    });
  });

  describe('accepted friend', () => {
    it('busy item has exactly five fields', async () => {
      const { owner, viewer } = await friendsPair();
      await createScheduleItem(testApp.http, owner, {
        title: 'Doctor',
        notes: 'blood test',
        location: 'Clinic',
        visibility: 'busy',
      });

      const response = await friendSchedule(viewer, owner.id);

      expect(response.status).toBe(200);
      const [busy] = response.body.data as Record<string, unknown>[];
      expect(Object.keys(busy ?? {}).sort()).toEqual(
        ['allDay', 'busy', 'endsAt', 'id', 'startsAt'].sort(),
      );
    });

    it('friends item omits notes', async () => {
      const { owner, viewer } = await friendsPair();
      const item = await createScheduleItem(testApp.http, owner, {
        title: 'Lunch',
        notes: 'for me only',
        location: 'Cafe',
        visibility: 'friends',
      });

      const response = await friendSchedule(viewer, owner.id);

      expect(response.body.data).toEqual([fullFormOf(item)]);
      expect(JSON.stringify(response.body)).not.toContain('for me only');
    });

    it('all-day busy item keeps allDay', async () => {
      const { owner, viewer } = await friendsPair();
      const item = await createScheduleItem(testApp.http, owner, {
        allDay: true,
        startDate: '2026-03-10',
        endDate: '2026-03-12',
        timeZone: 'Europe/Berlin',
        visibility: 'busy',
      });

      const response = await friendSchedule(viewer, owner.id);

      expect(response.body.data).toEqual([busyFormOf(item)]);
      expect(item.allDay).toBe(true);
    });

    it('window edges are half-open', async () => {
      const { owner, viewer } = await friendsPair();
      const create = (startsAt: string, endsAt: string) =>
        createScheduleItem(testApp.http, owner, { visibility: 'friends', startsAt, endsAt });
      const endsAtFrom = await create('2026-02-28T23:00:00Z', WINDOW.from);
      const startsAtFrom = await create(WINDOW.from, '2026-03-01T01:00:00Z');
      const spansFrom = await create('2026-02-28T23:00:00Z', '2026-03-01T00:00:00.001Z');
      const endsAtTo = await create('2026-03-31T23:00:00Z', WINDOW.to);
      const startsAtTo = await create(WINDOW.to, '2026-04-01T01:00:00Z');
      const spansWindow = await create('2026-02-15T00:00:00Z', '2026-04-15T00:00:00Z');

      const ids = await visibleIds(viewer, owner);

      expect(ids).toEqual([spansWindow.id, spansFrom.id, startsAtFrom.id, endsAtTo.id]);
      expect(ids).not.toContain(endsAtFrom.id);
      expect(ids).not.toContain(startsAtTo.id);
    });

    it('orders by startsAt then id', async () => {
      const { owner, viewer } = await friendsPair();
      const late = await createScheduleItem(testApp.http, owner, {
        visibility: 'busy',
        startsAt: '2026-03-20T09:00:00Z',
        endsAt: '2026-03-20T10:00:00Z',
      });
      const ties: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        const tie = await createScheduleItem(testApp.http, owner, {
          visibility: index === 1 ? 'busy' : 'friends',
          startsAt: '2026-03-05T09:00:00Z',
          endsAt: '2026-03-05T10:00:00Z',
        });
        ties.push(tie.id);
      }

      const ids = await visibleIds(viewer, owner);

      expect(ids).toEqual([...ties.sort(), late.id]);
    });

    it('pages return each item once', async () => {
      const { owner, viewer } = await friendsPair();
      const visible: string[] = [];
      // Each visible item starts on its own day, beside a private item with the same times.
      for (let index = 0; index < 7; index += 1) {
        const day = String(index + 2).padStart(2, '0');
        const times = { startsAt: `2026-03-${day}T09:00:00Z`, endsAt: `2026-03-${day}T10:00:00Z` };
        visible.push(
          (
            await createScheduleItem(testApp.http, owner, {
              ...times,
              visibility: index % 2 === 0 ? 'friends' : 'busy',
            })
          ).id,
        );
        await createScheduleItem(testApp.http, owner, { ...times, visibility: 'private' });
      }

      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { ...WINDOW, limit: 2 };
        const response = await friendSchedule(
          viewer,
          owner.id,
          cursor === null ? query : { ...query, cursor },
        );
        expect(response.status).toBe(200);
        pages.push((response.body.data as { id: string }[]).map((item) => item.id));
        cursor = response.body.nextCursor as string | null;
      } while (cursor !== null);

      expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
      expect(pages.flat()).toEqual(visible);
    });

    it('deleted items never appear', async () => {
      const { owner, viewer } = await friendsPair();
      const liveItem = await createScheduleItem(testApp.http, owner, { visibility: 'friends' });
      for (const visibility of ['friends', 'busy'] as const) {
        const item = await createScheduleItem(testApp.http, owner, { visibility });
        await testApp.http
          .delete(`/v1/schedule-items/${item.id}`)
          .set('Authorization', owner.authorization)
          .expect(204);
      }

      const ids = await visibleIds(viewer, owner, { ...WINDOW, limit: 1 });

      expect(ids).toEqual([liveItem.id]);
    });

    it('item made private disappears', async () => {
      const { owner, viewer } = await friendsPair();
      const item = await createScheduleItem(testApp.http, owner, { visibility: 'friends' });
      await testApp.http
        .patch(`/v1/schedule-items/${item.id}`)
        .set('Authorization', owner.authorization)
        .send({ visibility: 'private' })
        .expect(200);

      const response = await friendSchedule(viewer, owner.id);

      expect(response.body.data).toEqual([]);
    });

    it('cursor for another friend is 400', async () => {
      const { owner, viewer } = await friendsPair();
      const other = await registerUser(testApp.http);
      await makeFriends(testApp.http, viewer, other);
      for (let index = 0; index < 2; index += 1) {
        await createScheduleItem(testApp.http, owner, { visibility: 'busy' });
      }
      const first = await friendSchedule(viewer, owner.id, { ...WINDOW, limit: 1 });

      const response = await friendSchedule(viewer, other.id, {
        ...WINDOW,
        limit: 1,
        cursor: first.body.nextCursor as string,
      });

      expectProblem(response, 400, 'invalid_cursor');
    });

    it('cursor of another window is 400', async () => {
      const { owner, viewer } = await friendsPair();
      for (let index = 0; index < 2; index += 1) {
        await createScheduleItem(testApp.http, owner, { visibility: 'friends' });
      }
      const first = await friendSchedule(viewer, owner.id, { ...WINDOW, limit: 1 });

      const response = await friendSchedule(viewer, owner.id, {
        from: WINDOW.from,
        to: '2026-03-31T00:00:00Z',
        limit: 1,
        cursor: first.body.nextCursor as string,
      });

      expectProblem(response, 400, 'invalid_cursor');
    });
  });

  describe('request validation', () => {
    it('window of exactly 366 days is accepted', async () => {
      const { owner, viewer } = await friendsPair();

      const response = await friendSchedule(viewer, owner.id, {
        from: '2026-01-01T00:00:00Z',
        to: '2027-01-02T00:00:00Z',
      });

      expect(response.status).toBe(200);
    });

    it.each([
      ['missing from', { to: WINDOW.to }, 'from'],
      ['missing to', { from: WINDOW.from }, 'to'],
      ['from equal to to', { from: WINDOW.from, to: WINDOW.from }, 'to'],
      ['from after to', { from: WINDOW.to, to: WINDOW.from }, 'to'],
      [
        'span over 366 days',
        { from: '2026-01-01T00:00:00Z', to: '2027-01-02T00:00:00.001Z' },
        'to',
      ],
      ['from without offset', { from: '2026-03-01T00:00:00', to: WINDOW.to }, 'from'],
      ['limit 101', { ...WINDOW, limit: 101 }, 'limit'],
    ])('window with %s is 400', async (_case, query, field) => {
      const { owner, viewer } = await friendsPair();

      const response = await friendSchedule(viewer, owner.id, query);

      expectProblem(response, 400, 'validation_failed');
      expect(errorFieldsOf(response.body)).toContain(field);
    });

    it('unknown id is 404', async () => {
      const viewer = await registerUser(testApp.http);

      const response = await friendSchedule(viewer, '00000000-0000-4000-8000-000000000000');

      expectProblem(response, 404, 'profile_not_found');
    });

    it('malformed id is 400', async () => {
      const viewer = await registerUser(testApp.http);

      const response = await friendSchedule(viewer, 'not-a-uuid');

      expectProblem(response, 400, 'invalid_id');
    });

    it('request without token is 401', async () => {
      const owner = await registerUser(testApp.http);

      const response = await testApp.http
        .get(`/v1/friends/${owner.id}/schedule-items`)
        .query(WINDOW);

      expect(response.status).toBe(401);
    });
  });
});

import { randomUUID } from 'node:crypto';
import { registerUser, RegisteredUser } from './support/factories';
import { createScheduleItem, DEFAULT_TIMES, errorFieldsOf } from './support/schedule-items';
import { startTestApp, TestApp } from './support/test-app';

describe('schedule items CRUD', () => {
  let testApp: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    user = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const post = (body: unknown, as: RegisteredUser = user) =>
    testApp.http
      .post('/v1/schedule-items')
      .set('Authorization', as.authorization)
      .send(body as object);
  const get = (id: string) =>
    testApp.http.get(`/v1/schedule-items/${id}`).set('Authorization', user.authorization);
  const patch = (id: string, body: unknown, ifMatch?: string) => {
    const request = testApp.http
      .patch(`/v1/schedule-items/${id}`)
      .set('Authorization', user.authorization);
    return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(
      body as object,
    );
  };
  const remove = (id: string, ifMatch?: string) => {
    const request = testApp.http
      .delete(`/v1/schedule-items/${id}`)
      .set('Authorization', user.authorization);
    return ifMatch === undefined ? request : request.set('If-Match', ifMatch);
  };
  const restore = (id: string) =>
    testApp.http.post(`/v1/schedule-items/${id}/restore`).set('Authorization', user.authorization);

  describe('POST /v1/schedule-items', () => {
    it('create timed returns 201 with defaults', async () => {
      const response = await post({ title: 'Standup', ...DEFAULT_TIMES });

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        title: 'Standup',
        notes: null,
        location: null,
        startsAt: '2026-03-02T09:00:00.000Z',
        endsAt: '2026-03-02T10:00:00.000Z',
        allDay: false,
        startDate: null,
        endDate: null,
        timeZone: 'UTC',
        visibility: 'private',
        version: 1,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('create sends Location and ETag', async () => {
      const response = await post({ title: 'Headers', ...DEFAULT_TIMES });

      expect(response.headers.location).toBe(`/v1/schedule-items/${response.body.id}`);
      expect(response.headers.etag).toBe('"1"');
    });

    it('create stores every field', async () => {
      const response = await post({
        title: '  Dentist  ',
        notes: 'Bring the card',
        location: 'Main St. 5',
        startsAt: '2026-03-02T09:30:00+01:00',
        endsAt: '2026-03-02T10:15:00+01:00',
        timeZone: 'Europe/Berlin',
        visibility: 'busy',
      });

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        title: 'Dentist',
        notes: 'Bring the card',
        location: 'Main St. 5',
        startsAt: '2026-03-02T08:30:00.000Z',
        endsAt: '2026-03-02T09:15:00.000Z',
        timeZone: 'Europe/Berlin',
        visibility: 'busy',
      });
    });

    it('create all-day computes local midnights', async () => {
      const response = await post({
        title: 'Holiday',
        allDay: true,
        startDate: '2026-07-01',
        endDate: '2026-07-03',
        timeZone: 'Europe/Berlin',
      });

      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        allDay: true,
        startDate: '2026-07-01',
        endDate: '2026-07-03',
        startsAt: '2026-06-30T22:00:00.000Z',
        endsAt: '2026-07-02T22:00:00.000Z',
      });
    });

    it('create takes the profile time zone', async () => {
      const zoned = await registerUser(testApp.http);
      await testApp.http
        .patch('/v1/profiles/me')
        .set('Authorization', zoned.authorization)
        .send({ timeZone: 'Asia/Tokyo' })
        .expect(200);

      const response = await post(
        { title: 'Day off', allDay: true, startDate: '2026-05-05', endDate: '2026-05-06' },
        zoned,
      );

      expect(response.body.timeZone).toBe('Asia/Tokyo');
      expect(response.body.startsAt).toBe('2026-05-04T15:00:00.000Z');
    });

    it('create without profile zone uses UTC', async () => {
      const response = await post({
        title: 'UTC day',
        allDay: true,
        startDate: '2026-05-05',
        endDate: '2026-05-06',
      });

      expect(response.body.timeZone).toBe('UTC');
      expect(response.body.startsAt).toBe('2026-05-05T00:00:00.000Z');
      expect(response.body.endsAt).toBe('2026-05-06T00:00:00.000Z');
    });

    it('create accepts exactly 366 days', async () => {
      const timed = await post({
        title: 'long',
        startsAt: '2026-01-01T00:00:00Z',
        endsAt: '2027-01-02T00:00:00Z',
      });
      const allDay = await post({
        title: 'long day',
        allDay: true,
        startDate: '2026-01-01',
        endDate: '2027-01-02',
        timeZone: 'America/New_York',
      });

      expect(timed.status).toBe(201);
      expect(allDay.status).toBe(201);
    });

    it('create accepts 366 days across DST', async () => {
      // New York is on daylight saving time on 2027-11-06 and on standard time
      // on 2028-11-06, so these 366 days last 366 days and one hour.
      const response = await post({
        title: 'summer to winter',
        allDay: true,
        startDate: '2027-11-06',
        endDate: '2028-11-06',
        timeZone: 'America/New_York',
      });

      expect(response.status).toBe(201);
      expect(Date.parse(response.body.endsAt) - Date.parse(response.body.startsAt)).toBe(
        (366 * 24 + 1) * 60 * 60 * 1000,
      );
    });

    it.each([
      ['missing title', { ...DEFAULT_TIMES }, 'title'],
      ['blank title', { title: '   ', ...DEFAULT_TIMES }, 'title'],
      ['title over 500 chars', { title: 'x'.repeat(501), ...DEFAULT_TIMES }, 'title'],
      [
        'notes over 10000 chars',
        { title: 't', notes: 'n'.repeat(10_001), ...DEFAULT_TIMES },
        'notes',
      ],
      [
        'location over 500 chars',
        { title: 't', location: 'l'.repeat(501), ...DEFAULT_TIMES },
        'location',
      ],
      ['missing startsAt', { title: 't', endsAt: DEFAULT_TIMES.endsAt }, 'startsAt'],
      ['missing endsAt', { title: 't', startsAt: DEFAULT_TIMES.startsAt }, 'endsAt'],
      ['missing times', { title: 't' }, 'startsAt'],
      [
        'endsAt equal to startsAt',
        { title: 't', startsAt: DEFAULT_TIMES.startsAt, endsAt: DEFAULT_TIMES.startsAt },
        'endsAt',
      ],
      [
        'endsAt before startsAt',
        { title: 't', startsAt: DEFAULT_TIMES.endsAt, endsAt: DEFAULT_TIMES.startsAt },
        'endsAt',
      ],
      [
        'timed over 366 days',
        { title: 't', startsAt: '2026-01-01T00:00:00Z', endsAt: '2027-01-02T00:00:00.001Z' },
        'endsAt',
      ],
      [
        'startsAt without offset',
        { title: 't', startsAt: '2026-03-02T09:00:00', endsAt: DEFAULT_TIMES.endsAt },
        'startsAt',
      ],
      [
        'startsAt on no real day',
        { title: 't', startsAt: '2026-02-30T09:00:00Z', endsAt: DEFAULT_TIMES.endsAt },
        'startsAt',
      ],
      ['null startsAt', { title: 't', startsAt: null, endsAt: DEFAULT_TIMES.endsAt }, 'startsAt'],
      [
        'dates on a timed item',
        { title: 't', ...DEFAULT_TIMES, startDate: '2026-03-02' },
        'startDate',
      ],
      ['all-day without dates', { title: 't', allDay: true }, 'startDate'],
      ['all-day without endDate', { title: 't', allDay: true, startDate: '2026-03-02' }, 'endDate'],
      [
        'all-day with startsAt',
        {
          title: 't',
          allDay: true,
          startDate: '2026-03-02',
          endDate: '2026-03-03',
          startsAt: DEFAULT_TIMES.startsAt,
        },
        'startsAt',
      ],
      [
        'all-day endDate equal to startDate',
        { title: 't', allDay: true, startDate: '2026-03-02', endDate: '2026-03-02' },
        'endDate',
      ],
      [
        'all-day endDate before startDate',
        { title: 't', allDay: true, startDate: '2026-03-02', endDate: '2026-03-01' },
        'endDate',
      ],
      [
        'all-day over 366 days',
        { title: 't', allDay: true, startDate: '2026-01-01', endDate: '2027-01-03' },
        'endDate',
      ],
      [
        'startDate not a day',
        { title: 't', allDay: true, startDate: '2026-02-30', endDate: '2026-03-03' },
        'startDate',
      ],
      ['allDay as string', { title: 't', allDay: 'yes', ...DEFAULT_TIMES }, 'allDay'],
      ['unknown time zone', { title: 't', ...DEFAULT_TIMES, timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['time zone offset', { title: 't', ...DEFAULT_TIMES, timeZone: '+01:00' }, 'timeZone'],
      ['unknown visibility', { title: 't', ...DEFAULT_TIMES, visibility: 'public' }, 'visibility'],
      ['unknown field', { title: 't', ...DEFAULT_TIMES, colour: 'red' }, 'colour'],
    ])('create rejects %s', async (_case, body, field) => {
      const response = await post(body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(errorFieldsOf(response.body)).toContain(field);
    });

    it('create without token is 401', async () => {
      const response = await testApp.http
        .post('/v1/schedule-items')
        .send({ title: 't', ...DEFAULT_TIMES });

      expect(response.status).toBe(401);
      expect(response.body.code).toBe('unauthorized');
    });
  });

  describe('GET /v1/schedule-items/{id}', () => {
    it('get returns the item and ETag', async () => {
      const item = await createScheduleItem(testApp.http, user, { title: 'Read' });

      const response = await get(item.id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual(item);
      expect(response.headers.etag).toBe('"1"');
    });

    it('get unknown id is 404', async () => {
      const response = await get(randomUUID());

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('get malformed id is 400', async () => {
      const response = await get('not-a-uuid');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_id');
    });
  });

  describe('PATCH /v1/schedule-items/{id}', () => {
    it('patch changes only sent fields', async () => {
      const item = await createScheduleItem(testApp.http, user, { title: 'Old', notes: 'Keep' });

      const response = await patch(item.id, { title: 'New', location: 'Room 2' });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        title: 'New',
        location: 'Room 2',
        notes: 'Keep',
        startsAt: item.startsAt,
        endsAt: item.endsAt,
        version: 2,
      });
      expect(response.headers.etag).toBe('"2"');
    });

    it('patch moves a timed item', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await patch(item.id, { endsAt: '2026-03-02T12:00:00Z' });

      expect(response.body.startsAt).toBe(item.startsAt);
      expect(response.body.endsAt).toBe('2026-03-02T12:00:00.000Z');
    });

    it('patch null clears notes and location', async () => {
      const item = await createScheduleItem(testApp.http, user, { notes: 'n', location: 'l' });

      const response = await patch(item.id, { notes: null, location: null });

      expect(response.body.notes).toBeNull();
      expect(response.body.location).toBeNull();
    });

    it('patch new dates recompute instants', async () => {
      const item = await createScheduleItem(testApp.http, user, {
        allDay: true,
        startDate: '2026-03-07',
        endDate: '2026-03-08',
        timeZone: 'America/New_York',
      });

      const response = await patch(item.id, { endDate: '2026-03-09' });

      expect(response.body.startsAt).toBe('2026-03-07T05:00:00.000Z');
      expect(response.body.endsAt).toBe('2026-03-09T04:00:00.000Z');
    });

    it('patch new zone recomputes instants', async () => {
      const item = await createScheduleItem(testApp.http, user, {
        allDay: true,
        startDate: '2026-03-07',
        endDate: '2026-03-08',
        timeZone: 'UTC',
      });

      const response = await patch(item.id, { timeZone: 'Asia/Kolkata' });

      expect(response.body.timeZone).toBe('Asia/Kolkata');
      expect(response.body.startsAt).toBe('2026-03-06T18:30:00.000Z');
      expect(response.body.endsAt).toBe('2026-03-07T18:30:00.000Z');
    });

    it('patch zone keeps timed instants', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await patch(item.id, { timeZone: 'Asia/Kolkata' });

      expect(response.body.startsAt).toBe(item.startsAt);
      expect(response.body.endsAt).toBe(item.endsAt);
    });

    it('patch switches timed to all-day', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await patch(item.id, {
        allDay: true,
        startDate: '2026-03-02',
        endDate: '2026-03-03',
      });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        allDay: true,
        startDate: '2026-03-02',
        endDate: '2026-03-03',
        startsAt: '2026-03-02T00:00:00.000Z',
        endsAt: '2026-03-03T00:00:00.000Z',
      });
    });

    it('patch switches all-day to timed', async () => {
      const item = await createScheduleItem(testApp.http, user, {
        allDay: true,
        startDate: '2026-03-02',
        endDate: '2026-03-03',
      });

      const response = await patch(item.id, { allDay: false, ...DEFAULT_TIMES });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        allDay: false,
        startDate: null,
        endDate: null,
        startsAt: '2026-03-02T09:00:00.000Z',
      });
    });

    it.each([
      ['endsAt before startsAt', {}, { endsAt: '2026-03-02T08:00:00Z' }, 'endsAt'],
      ['merged timed over 366 days', {}, { endsAt: '2027-03-03T09:00:00.001Z' }, 'endsAt'],
      ['dates on a timed item', {}, { startDate: '2026-03-02' }, 'startDate'],
      ['switch to all-day without dates', {}, { allDay: true }, 'startDate'],
      [
        'startsAt on an all-day item',
        { allDay: true, startDate: '2026-03-02', endDate: '2026-03-03' },
        { startsAt: '2026-03-02T09:00:00Z' },
        'startsAt',
      ],
      [
        'switch to timed without times',
        { allDay: true, startDate: '2026-03-02', endDate: '2026-03-03' },
        { allDay: false },
        'startsAt',
      ],
      [
        'merged endDate before startDate',
        { allDay: true, startDate: '2026-03-02', endDate: '2026-03-03' },
        { startDate: '2026-03-05' },
        'endDate',
      ],
      ['null title', {}, { title: null }, 'title'],
      ['blank title', {}, { title: ' ' }, 'title'],
      ['null timeZone', {}, { timeZone: null }, 'timeZone'],
      ['unknown time zone', {}, { timeZone: 'Nowhere/Town' }, 'timeZone'],
      ['null visibility', {}, { visibility: null }, 'visibility'],
      ['unknown field', {}, { done: true }, 'done'],
    ])('patch rejects %s', async (_case, created, body, field) => {
      const item = await createScheduleItem(testApp.http, user, created);

      const response = await patch(item.id, body);

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation_failed');
      expect(errorFieldsOf(response.body)).toContain(field);
    });

    it('patch rejected leaves item unchanged', async () => {
      const item = await createScheduleItem(testApp.http, user);

      await patch(item.id, { title: 'Changed', endsAt: '2026-03-01T00:00:00Z' });

      const response = await get(item.id);
      expect(response.body).toEqual(item);
    });

    it('patch empty body changes nothing', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await patch(item.id, {});

      expect(response.status).toBe(200);
      expect(response.body).toEqual(item);
    });

    it('patch unknown id is 404', async () => {
      const response = await patch(randomUUID(), { title: 'x' });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('patch deleted item is 404', async () => {
      const item = await createScheduleItem(testApp.http, user);
      await remove(item.id).expect(204);

      const response = await patch(item.id, { title: 'x' });

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('patch current ETag applies', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await patch(item.id, { title: 'matched' }, '"1"');

      expect(response.status).toBe(200);
      expect(response.body.version).toBe(2);
    });

    it('patch stale ETag is 412', async () => {
      const item = await createScheduleItem(testApp.http, user, { title: 'kept' });
      await patch(item.id, { notes: 'bump' }).expect(200);

      const response = await patch(item.id, { title: 'lost' }, '"1"');

      expect(response.status).toBe(412);
      expect(response.body.code).toBe('precondition_failed');
      expect((await get(item.id)).body.title).toBe('kept');
    });
  });

  describe('DELETE /v1/schedule-items/{id}', () => {
    it('delete returns 204', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await remove(item.id);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('delete hides the item from get', async () => {
      const item = await createScheduleItem(testApp.http, user);
      await remove(item.id).expect(204);

      const response = await get(item.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('delete twice is 404', async () => {
      const item = await createScheduleItem(testApp.http, user);
      await remove(item.id).expect(204);

      const response = await remove(item.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('delete stale ETag is 412', async () => {
      const item = await createScheduleItem(testApp.http, user);
      await patch(item.id, { notes: 'bump' }).expect(200);

      const response = await remove(item.id, '"1"');

      expect(response.status).toBe(412);
      expect(response.body.code).toBe('precondition_failed');
      expect((await get(item.id)).status).toBe(200);
    });

    it('delete current ETag applies', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await remove(item.id, '"1"');

      expect(response.status).toBe(204);
    });

    it('delete malformed id is 400', async () => {
      const response = await remove('123');

      expect(response.status).toBe(400);
      expect(response.body.code).toBe('invalid_id');
    });
  });

  describe('POST /v1/schedule-items/{id}/restore', () => {
    it('restore returns the item with ETag', async () => {
      const item = await createScheduleItem(testApp.http, user, { title: 'back' });
      await remove(item.id).expect(204);

      const response = await restore(item.id);

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: item.id, title: 'back', version: 3 });
      expect(response.headers.etag).toBe('"3"');
      expect((await get(item.id)).status).toBe(200);
    });

    it('restore live item is 404', async () => {
      const item = await createScheduleItem(testApp.http, user);

      const response = await restore(item.id);

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });

    it('restore unknown id is 404', async () => {
      const response = await restore(randomUUID());

      expect(response.status).toBe(404);
      expect(response.body.code).toBe('schedule_item_not_found');
    });
  });

  describe('routes beside {id}', () => {
    const window = { from: '2026-03-01T00:00:00Z', to: '2026-03-08T00:00:00Z' };

    it('conflicts is not read as an id', async () => {
      const fresh = await registerUser(testApp.http);
      const response = await testApp.http
        .get('/v1/schedule-items/conflicts')
        .query(window)
        .set('Authorization', fresh.authorization);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: [], truncated: false });
    });

    it('ics export is not read as an id', async () => {
      const response = await testApp.http
        .get('/v1/schedule-items.ics')
        .query(window)
        .set('Authorization', user.authorization);

      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    });
  });
});

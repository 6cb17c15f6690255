import { randomUUID } from 'node:crypto';
import { Response } from 'supertest';
import {
  deleteAccount,
  expectProblem,
  registerUser,
  RegisteredUser,
  uniquePrefix,
} from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface ProfilePage {
  data: { id: string; username: string }[];
  nextCursor: string | null;
}

/** Returns the profile ids of a search response, in order. */
function idsOf(response: Response): string[] {
  return (response.body as ProfilePage).data.map((profile) => profile.id);
}

const PUBLIC_FIELDS = [
  'avatarUrl',
  'bio',
  'createdAt',
  'displayName',
  'id',
  'updatedAt',
  'username',
];

describe('profiles', () => {
  let testApp: TestApp;
  let viewer: RegisteredUser;

  beforeAll(async () => {
    testApp = await startTestApp();
    viewer = await registerUser(testApp.http);
  });

  afterAll(async () => {
    await testApp.close();
  });

  function getOwn(user: RegisteredUser) {
    return testApp.http.get('/v1/profiles/me').set('Authorization', user.authorization);
  }

  function patchOwn(user: RegisteredUser, body: object) {
    return testApp.http
      .patch('/v1/profiles/me')
      .set('Authorization', user.authorization)
      .send(body);
  }

  function getPublic(id: string, caller: RegisteredUser = viewer) {
    return testApp.http.get(`/v1/profiles/${id}`).set('Authorization', caller.authorization);
  }

  function search(query: Record<string, string | number>, caller: RegisteredUser = viewer) {
    return testApp.http.get('/v1/profiles').query(query).set('Authorization', caller.authorization);
  }

  /** Follows nextCursor from the first page to the last and returns every page body. */
  async function searchAllPages(q: string, limit: number): Promise<ProfilePage[]> {
    const pages: ProfilePage[] = [];
    let cursor: string | null = null;
    do {
      const response = await search(cursor === null ? { q, limit } : { q, limit, cursor });
      expect(response.status).toBe(200);
      const page = response.body as ProfilePage;
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 50);
    return pages;
  }

  describe('own profile', () => {
    it('get own returns private fields', async () => {
      const user = await registerUser(testApp.http);

      const response = await getOwn(user);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: user.id,
        username: user.username,
        displayName: user.username,
        bio: null,
        avatarUrl: null,
        timeZone: null,
        locale: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('patch own updates every field', async () => {
      const user = await registerUser(testApp.http);
      const username = `${uniquePrefix()}_new`;
      const changes = {
        username: username.toUpperCase(),
        displayName: '  Ada Lovelace  ',
        bio: 'Wrote the first program.',
        avatarUrl: 'https://cdn.example.com/ada.png',
        timeZone: 'Europe/London',
        locale: 'en-GB',
      };

      const patched = await patchOwn(user, changes);
      const stored = await getOwn(user);

      expect(patched.status).toBe(200);
      const expected = {
        id: user.id,
        username,
        displayName: 'Ada Lovelace',
        bio: 'Wrote the first program.',
        avatarUrl: 'https://cdn.example.com/ada.png',
        timeZone: 'Europe/London',
        locale: 'en-GB',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      };
      expect(patched.body).toEqual(expected);
      expect(stored.body).toEqual(expected);
    });

    it('patch own advances updatedAt', async () => {
      const user = await registerUser(testApp.http);
      const before = (await getOwn(user)).body;

      const patched = await patchOwn(user, { bio: 'Changed.' });

      expect(Date.parse(patched.body.updatedAt)).toBeGreaterThan(Date.parse(before.updatedAt));
      expect(patched.body.createdAt).toBe(before.createdAt);
    });

    it('patch own keeps absent fields', async () => {
      const user = await registerUser(testApp.http);
      await patchOwn(user, { bio: 'Kept.', locale: 'fr-FR' });

      const response = await patchOwn(user, { displayName: 'New Name' });

      expect(response.status).toBe(200);
      expect(response.body.bio).toBe('Kept.');
      expect(response.body.locale).toBe('fr-FR');
      expect(response.body.displayName).toBe('New Name');
    });

    it('patch own with empty body changes nothing', async () => {
      const user = await registerUser(testApp.http);
      const before = (await getOwn(user)).body;

      const response = await patchOwn(user, {});

      expect(response.status).toBe(200);
      expect(response.body).toEqual(before);
    });

    it('patch own null clears optional fields', async () => {
      const user = await registerUser(testApp.http);
      await patchOwn(user, {
        bio: 'Temporary.',
        avatarUrl: 'https://cdn.example.com/a.png',
        timeZone: 'Asia/Tokyo',
        locale: 'ja-JP',
      });

      const response = await patchOwn(user, {
        bio: null,
        avatarUrl: null,
        timeZone: null,
        locale: null,
      });

      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({ bio: null, avatarUrl: null, timeZone: null, locale: null }),
      );
      expect((await getOwn(user)).body).toEqual(
        expect.objectContaining({ bio: null, avatarUrl: null, timeZone: null, locale: null }),
      );
    });

    it.each(['username', 'displayName'])('patch own rejects null %s', async (field) => {
      const user = await registerUser(testApp.http);

      const response = await patchOwn(user, { [field]: null });

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
      expect((await getOwn(user)).body.username).toBe(user.username);
    });

    it('patch own accepts a nested IANA zone', async () => {
      const user = await registerUser(testApp.http);

      const response = await patchOwn(user, { timeZone: 'America/Argentina/Salta' });

      expect(response.status).toBe(200);
      expect(response.body.timeZone).toBe('America/Argentina/Salta');
    });

    const invalidFields: [string, object, string][] = [
      ['http avatarUrl', { avatarUrl: 'http://cdn.example.com/a.png' }, 'avatarUrl'],
      ['avatarUrl without scheme', { avatarUrl: 'cdn.example.com/a.png' }, 'avatarUrl'],
      ['javascript avatarUrl', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
      ['unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['time zone offset text', { timeZone: '+02:00' }, 'timeZone'],
      ['invalid locale', { locale: 'not a locale' }, 'locale'],
      ['underscore locale', { locale: 'en_US' }, 'locale'],
      ['bio over 500 chars', { bio: 'b'.repeat(501) }, 'bio'],
      ['displayName over 100 chars', { displayName: 'd'.repeat(101) }, 'displayName'],
      ['blank displayName', { displayName: '   ' }, 'displayName'],
      ['username too short', { username: 'ab' }, 'username'],
      ['username with a dash', { username: 'ada-l' }, 'username'],
      ['username over 30 chars', { username: 'u'.repeat(31) }, 'username'],
      ['unknown field', { email: 'new@example.com' }, 'email'],
    ];

    it.each(invalidFields)('patch own rejects %s', async (_name, body, field) => {
      const user = await registerUser(testApp.http);

      const response = await patchOwn(user, body);

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
    });

    it('patch own accepts bio of 500 chars', async () => {
      const user = await registerUser(testApp.http);

      const response = await patchOwn(user, { bio: 'b'.repeat(500) });

      expect(response.status).toBe(200);
      expect(response.body.bio).toHaveLength(500);
    });

    it('patch own rejects a taken username', async () => {
      const user = await registerUser(testApp.http);
      const other = await registerUser(testApp.http);

      const response = await patchOwn(user, { username: other.username.toUpperCase() });

      expectProblem(response, 409, 'username_taken');
      expect((await getOwn(user)).body.username).toBe(user.username);
    });

    it('patch own accepts its own username', async () => {
      const user = await registerUser(testApp.http);

      const response = await patchOwn(user, { username: user.username });

      expect(response.status).toBe(200);
      expect(response.body.username).toBe(user.username);
    });

    it('patch own frees the old username', async () => {
      const user = await registerUser(testApp.http);
      const oldUsername = user.username;
      await patchOwn(user, { username: `${uniquePrefix()}_moved` });

      const taker = await registerUser(testApp.http, { username: oldUsername });

      expect((await getPublic(taker.id)).body.username).toBe(oldUsername);
    });
  });

  describe('public profile', () => {
    it('get public returns public fields only', async () => {
      const user = await registerUser(testApp.http);
      await patchOwn(user, { timeZone: 'Europe/Berlin', locale: 'de-DE', bio: 'Hi' });

      const response = await getPublic(user.id);

      expect(response.status).toBe(200);
      expect(Object.keys(response.body).sort()).toEqual(PUBLIC_FIELDS);
      expect(response.body).toEqual(
        expect.objectContaining({ id: user.id, username: user.username, bio: 'Hi' }),
      );
    });

    it('get public omits email', async () => {
      const user = await registerUser(testApp.http);

      const response = await getPublic(user.id);

      expect(JSON.stringify(response.body)).not.toContain(user.email);
    });

    it('get public returns 404 for unknown id', async () => {
      const response = await getPublic(randomUUID());

      expectProblem(response, 404, 'profile_not_found');
    });

    it('get public returns 404 for deleted account', async () => {
      const user = await registerUser(testApp.http);
      await deleteAccount(testApp.http, user);

      const response = await getPublic(user.id);

      expectProblem(response, 404, 'profile_not_found');
    });

    it.each(['abc', '1', `${randomUUID()}x`, "' OR '1'='1"])(
      'get public rejects id %s',
      async (id) => {
        const response = await getPublic(encodeURIComponent(id));

        expectProblem(response, 400, 'invalid_id');
      },
    );
  });

  describe('search', () => {
    it('search matches username prefix', async () => {
      const prefix = uniquePrefix();
      const first = await registerUser(testApp.http, { username: `${prefix}_alpha` });
      const second = await registerUser(testApp.http, { username: `${prefix}_beta` });
      await registerUser(testApp.http, { username: `x${prefix}_gamma` });

      const response = await search({ q: prefix });

      expect(response.status).toBe(200);
      expect(idsOf(response)).toEqual([first.id, second.id]);
      expect(response.body.nextCursor).toBeNull();
    });

    it('search ignores case of username', async () => {
      const prefix = uniquePrefix();
      const user = await registerUser(testApp.http, { username: `${prefix}_alpha` });

      const response = await search({ q: prefix.toUpperCase() });

      expect(idsOf(response)).toEqual([user.id]);
    });

    it('search matches display name prefix', async () => {
      const prefix = uniquePrefix();
      const user = await registerUser(testApp.http, {
        displayName: `${prefix.toUpperCase()} Lovelace`,
      });

      const response = await search({ q: `${prefix} lov` });

      expect(response.status).toBe(200);
      expect(idsOf(response)).toEqual([user.id]);
    });

    it('search ignores case of accented display name', async () => {
      const prefix = uniquePrefix();
      const user = await registerUser(testApp.http, { displayName: `Élodie ${prefix}` });

      const response = await search({ q: `élodie ${prefix}` });

      expect(response.status).toBe(200);
      expect(idsOf(response)).toEqual([user.id]);
    });

    it('search skips display name infix', async () => {
      const prefix = uniquePrefix();
      await registerUser(testApp.http, { displayName: `Ada ${prefix}` });

      const response = await search({ q: prefix });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([]);
    });

    it('search returns public fields only', async () => {
      const prefix = uniquePrefix();
      const user = await registerUser(testApp.http, { username: `${prefix}_alpha` });
      await patchOwn(user, { timeZone: 'Europe/Berlin', locale: 'de-DE' });

      const response = await search({ q: prefix });

      expect(response.body.data).toHaveLength(1);
      expect(Object.keys(response.body.data[0]).sort()).toEqual(PUBLIC_FIELDS);
    });

    it('search treats underscore literally', async () => {
      const prefix = uniquePrefix();
      const underscore = await registerUser(testApp.http, { username: `${prefix}_one` });
      await registerUser(testApp.http, { username: `${prefix}xone` });

      const response = await search({ q: `${prefix}_` });

      expect(idsOf(response)).toEqual([underscore.id]);
    });

    it('search treats percent literally', async () => {
      const prefix = uniquePrefix();
      const percent = await registerUser(testApp.http, { displayName: `${prefix}% off` });
      await registerUser(testApp.http, { displayName: `${prefix}x off` });

      const response = await search({ q: `${prefix}%` });

      expect(idsOf(response)).toEqual([percent.id]);
    });

    it.each([
      ['leading percent', (prefix: string) => `%${prefix}`],
      ['leading underscore', (prefix: string) => `_${prefix.slice(1)}`],
      ['trailing backslash', (prefix: string) => `${prefix}\\`],
    ])('search with %s matches nothing', async (_name, makeQuery) => {
      const prefix = uniquePrefix();
      await registerUser(testApp.http, { username: `${prefix}_one` });

      const response = await search({ q: makeQuery(prefix) });

      expect(response.status).toBe(200);
      expect(response.body.data).toEqual([]);
    });

    it('search pages return each match once', async () => {
      const prefix = uniquePrefix();
      const users = [];
      for (let index = 0; index < 7; index += 1) {
        users.push(await registerUser(testApp.http, { username: `${prefix}_${index}` }));
      }

      const pages = await searchAllPages(prefix, 3);

      expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
      const ids = pages.flatMap((page) => page.data.map((profile) => profile.id));
      expect(ids).toEqual(users.map((user) => user.id));
    });

    it('search page boundary has null cursor', async () => {
      const prefix = uniquePrefix();
      for (let index = 0; index < 4; index += 1) {
        await registerUser(testApp.http, { username: `${prefix}_${index}` });
      }

      const pages = await searchAllPages(prefix, 2);

      expect(pages.map((page) => page.data.length)).toEqual([2, 2]);
    });

    it('search pages survive inserts and deletes', async () => {
      const prefix = uniquePrefix();
      const users = [];
      for (let index = 1; index <= 6; index += 1) {
        users.push(await registerUser(testApp.http, { username: `${prefix}_${index}` }));
      }
      const firstPage = await search({ q: prefix, limit: 2 });

      // A row before the cursor appears, and a row on the first page goes away.
      await registerUser(testApp.http, { username: `${prefix}_0` });
      await deleteAccount(testApp.http, users[0] as RegisteredUser);
      const pages = [firstPage.body];
      let cursor: string | null = firstPage.body.nextCursor;
      while (cursor !== null) {
        const next = await search({ q: prefix, limit: 2, cursor });
        pages.push(next.body);
        cursor = next.body.nextCursor;
      }

      const ids = pages.flatMap((page: { data: { id: string }[] }) =>
        page.data.map((profile) => profile.id),
      );
      expect(ids).toEqual(users.map((user) => user.id));
    });

    it('search hides deleted accounts', async () => {
      const prefix = uniquePrefix();
      const live = await registerUser(testApp.http, { username: `${prefix}_live` });
      const deleted = await registerUser(testApp.http, { username: `${prefix}_gone` });
      await deleteAccount(testApp.http, deleted);

      const response = await search({ q: prefix });

      expect(idsOf(response)).toEqual([live.id]);
    });

    it('search rejects cursor of another query', async () => {
      const prefix = uniquePrefix();
      for (let index = 0; index < 3; index += 1) {
        await registerUser(testApp.http, { username: `${prefix}_${index}` });
      }
      const firstPage = await search({ q: prefix, limit: 1 });
      expect(firstPage.body.nextCursor).toEqual(expect.any(String));

      const response = await search({
        q: `${prefix}_`,
        limit: 1,
        cursor: firstPage.body.nextCursor,
      });

      expectProblem(response, 400, 'invalid_cursor');
    });

    it('search accepts cursor with other limit', async () => {
      const prefix = uniquePrefix();
      for (let index = 0; index < 3; index += 1) {
        await registerUser(testApp.http, { username: `${prefix}_${index}` });
      }
      const firstPage = await search({ q: prefix, limit: 1 });

      const response = await search({ q: prefix, limit: 5, cursor: firstPage.body.nextCursor });

      expect(response.status).toBe(200);
      expect(response.body.data).toHaveLength(2);
    });

    const garbageCursors: [string, string][] = [
      ['plain text', 'garbage'],
      ['base64 of text', Buffer.from('not json').toString('base64url')],
      [
        'payload without fingerprint',
        Buffer.from(JSON.stringify({ v: 'a', i: randomUUID() })).toString('base64url'),
      ],
      [
        'payload with a non-uuid id',
        Buffer.from(JSON.stringify({ v: 'a', i: 'x', f: 'y' })).toString('base64url'),
      ],
      ['JSON null', Buffer.from('null').toString('base64url')],
    ];

    it.each(garbageCursors)('search rejects cursor of %s', async (_name, cursor) => {
      const response = await search({ q: 'ada', cursor });

      expectProblem(response, 400, 'invalid_cursor');
    });

    it.each(['0', '101', 'abc', '1.5', '-1'])('search rejects limit %s', async (limit) => {
      const response = await search({ q: 'ada', limit });

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'limit' }));
    });

    it('search rejects missing q', async () => {
      const response = await search({});

      expectProblem(response, 400, 'validation_failed');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'q' }));
    });

    it('search rejects blank q', async () => {
      const response = await search({ q: '   ' });

      expectProblem(response, 400, 'validation_failed');
    });

    it('search rejects unknown parameter', async () => {
      const response = await search({ q: 'ada', sort: 'username' });

      expectProblem(response, 400, 'validation_failed');
    });
  });

  describe('account deletion', () => {
    let user: RegisteredUser;

    beforeEach(async () => {
      user = await registerUser(testApp.http);
    });

    it('delete own returns 204', async () => {
      const response = await testApp.http
        .delete('/v1/profiles/me')
        .set('Authorization', user.authorization);

      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('delete own ends the access token', async () => {
      await deleteAccount(testApp.http, user);

      expectProblem(await getOwn(user), 401, 'unauthorized');
    });

    it('delete own ends the refresh token', async () => {
      await deleteAccount(testApp.http, user);

      const response = await testApp.http
        .post('/v1/auth/refresh')
        .send({ refreshToken: user.refreshToken });

      expectProblem(response, 401, 'invalid_refresh_token');
    });

    it('delete own ends every session', async () => {
      const second = await testApp.http
        .post('/v1/auth/login')
        .send({ email: user.email, password: user.password });
      await deleteAccount(testApp.http, user);

      const response = await testApp.http
        .get('/v1/profiles/me')
        .set('Authorization', `Bearer ${second.body.accessToken}`);

      expectProblem(response, 401, 'unauthorized');
    });

    it('delete own makes login fail', async () => {
      await deleteAccount(testApp.http, user);

      const response = await testApp.http
        .post('/v1/auth/login')
        .send({ email: user.email, password: user.password });

      expectProblem(response, 401, 'invalid_credentials');
    });

    it('delete own hides profile from others', async () => {
      await deleteAccount(testApp.http, user);

      expectProblem(await getPublic(user.id), 404, 'profile_not_found');
    });

    it('delete own frees username and email', async () => {
      await deleteAccount(testApp.http, user);

      const again = await registerUser(testApp.http, {
        email: user.email,
        username: user.username,
      });

      expect(again.id).not.toBe(user.id);
      expect((await getPublic(again.id)).body.username).toBe(user.username);
      const login = await testApp.http
        .post('/v1/auth/login')
        .send({ email: user.email, password: again.password });
      expect(login.status).toBe(200);
    });

    it('delete own keeps old password out', async () => {
      await deleteAccount(testApp.http, user);
      await registerUser(testApp.http, { email: user.email, password: 'a-new-password' });

      const response = await testApp.http
        .post('/v1/auth/login')
        .send({ email: user.email, password: user.password });

      expectProblem(response, 401, 'invalid_credentials');
    });
  });
});

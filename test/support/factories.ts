import { randomBytes } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  username: string;
  accessToken: string;
  refreshToken: string;
  /** The Authorization header value for this user. */
  authorization: string;
}

export interface UserOverrides {
  email?: string;
  password?: string;
  username?: string;
  displayName?: string;
}

/** Registers a user with unique email and username unless overridden, and fails loudly on any other status. */
export async function registerUser(
  http: TestAgent,
  overrides: UserOverrides = {},
): Promise<RegisteredUser> {
  const suffix = randomBytes(5).toString('hex');
  const body = {
    email: overrides.email ?? `user_${suffix}@example.com`,
    password: overrides.password ?? `password-${suffix}`,
    username: overrides.username ?? `user_${suffix}`,
    ...(overrides.displayName === undefined ? {} : { displayName: overrides.displayName }),
  };

  const response = await http.post('/v1/auth/register').send(body);
  if (response.status !== 201) {
    throw new Error(`register failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }

  return {
    id: response.body.user.id,
    email: body.email.toLowerCase(),
    password: body.password,
    username: body.username.toLowerCase(),
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
    authorization: `Bearer ${response.body.accessToken}`,
  };
}

/** Soft-deletes the user's account through DELETE /v1/profiles/me, and fails loudly on any status but 204. */
export async function deleteAccount(http: TestAgent, user: RegisteredUser): Promise<void> {
  const response = await http.delete('/v1/profiles/me').set('Authorization', user.authorization);
  if (response.status !== 204) {
    throw new Error(
      `account deletion failed with ${response.status}: ${JSON.stringify(response.body)}`,
    );
  }
}

/** Returns a random lower-case prefix for usernames and display names, so searches see only this test's rows. */
export function uniquePrefix(): string {
  return `t${randomBytes(4).toString('hex')}`;
}

/**
 * Checks that a response is the problem+json error with this status and
 * code, and that its requestId is the X-Request-Id header.
 */
export function expectProblem(
  response: import('supertest').Response,
  status: number,
  code: string,
): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      code,
      detail: expect.any(String),
      requestId: response.headers['x-request-id'],
    }),
  );
  expect(response.headers['x-request-id']).toEqual(expect.any(String));
}

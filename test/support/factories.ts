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

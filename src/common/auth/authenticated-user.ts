import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** The caller, as proven by a valid access token of a live session. */
export interface AuthenticatedUser {
  id: string;
  sessionId: string;
}

export interface AuthenticatedRequest {
  user?: AuthenticatedUser;
  raw?: { userId?: string };
}

/** Stores the caller on the request; the raw request copy is what the request log line reads. */
export function attachUser(request: AuthenticatedRequest, user: AuthenticatedUser): void {
  request.user = user;
  if (request.raw !== undefined) {
    request.raw.userId = user.id;
  }
}

/** Injects the AuthenticatedUser of a route behind the bearer token guard. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
    if (user === undefined) {
      throw new Error(
        'CurrentUser used on a route without an authenticated user; is the route marked @Public()?',
      );
    }
    return user;
  },
);

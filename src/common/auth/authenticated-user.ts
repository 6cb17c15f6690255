import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { currentRequestContext } from '../../logging/request-context';

/** The caller, as proven by a valid access token of a live session. */
export interface AuthenticatedUser {
  id: string;
  sessionId: string;
}

export interface AuthenticatedRequest {
  user?: AuthenticatedUser;
}

/** Stores the caller on the request, and in its request context for the lines logged from now on. */
export function attachUser(request: AuthenticatedRequest, user: AuthenticatedUser): void {
  request.user = user;

  const context = currentRequestContext();
  if (context !== undefined) {
    context.userId = user.id;
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

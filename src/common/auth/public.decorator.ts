import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_ROUTE = 'tandem:isPublicRoute';

/** Lets a route through the global bearer token guard. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_ROUTE, true);

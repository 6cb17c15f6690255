import { AsyncLocalStorage } from 'node:async_hooks';

/** Request fields that each log line written while serving the request carries. */
export interface RequestContext {
  readonly requestId: string;
  /** Set once the bearer token guard has identified the caller. */
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs work, and every asynchronous step it starts, within the given request context. */
export function runWithRequestContext<R>(context: RequestContext, work: () => R): R {
  return storage.run(context, work);
}

/** Returns the context of the request being served, or undefined outside of a request. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

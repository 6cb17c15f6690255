import { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';

export const SECURITY_HEADER_OPTIONS: HelmetOptions = {
  // The Swagger UI at /docs runs inline scripts and styles of its own.
  contentSecurityPolicy: {
    directives: {
      defaultSrc: [`'self'`],
      scriptSrc: [`'self'`, `'unsafe-inline'`],
      styleSrc: [`'self'`, `'unsafe-inline'`],
      imgSrc: [`'self'`, 'data:'],
    },
  },
};

/**
 * Returns the headers helmet sets, recorded once from its middleware, because
 * they do not depend on the request.
 */
export function buildSecurityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string): void {
      headers[name] = value;
    },
    removeHeader(name: string): void {
      delete headers[name];
    },
  };

  let finished = false;
  helmet(SECURITY_HEADER_OPTIONS)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      finished = error === undefined;
    },
  );

  if (!finished) {
    throw new Error(
      'helmet failed or did not finish synchronously, so its headers cannot be computed once.',
    );
  }
  return headers;
}

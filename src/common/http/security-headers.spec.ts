import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { buildSecurityHeaders, SECURITY_HEADER_OPTIONS } from './security-headers';

/** Headers that Node.js adds to every response, with or without helmet. */
const TRANSPORT_HEADERS = [
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
];

/** Serves one response through helmet itself and returns its headers, lower-cased. */
async function headersFromHelmet(): Promise<Record<string, string>> {
  const middleware = helmet(SECURITY_HEADER_OPTIONS);
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    middleware(request, response, () => response.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    await response.arrayBuffer();
    return Object.fromEntries(response.headers.entries());
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('buildSecurityHeaders', () => {
  it('returns every header helmet sets on a live response', async () => {
    const live = await headersFromHelmet();
    const built = Object.fromEntries(
      Object.entries(buildSecurityHeaders()).map(([name, value]) => [name.toLowerCase(), value]),
    );

    for (const name of TRANSPORT_HEADERS) {
      delete live[name];
    }

    expect(built).toEqual(live);
  });

  it('returns the Content-Security-Policy header', () => {
    expect(buildSecurityHeaders()['Content-Security-Policy']).toContain(`default-src 'self'`);
  });
});

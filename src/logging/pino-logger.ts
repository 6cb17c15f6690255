import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Level, Logger as PinoInstance } from 'pino';
import { LogLevel } from '../config/app-config';
import { currentRequestContext } from './request-context';

/** Paths of secrets that an error object or a caller's fields might carry. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.jwtSecret',
  // A failed statement's bound values: request bodies, ids, password hashes.
  'err.parameters',
  'err.driverError.parameters',
];

/**
 * Nest LoggerService over pino that adds the request's reqId and userId to each
 * line. It accepts both (fields, message) and Nest's (message, context) calls.
 */
export class PinoLogger implements LoggerService {
  constructor(readonly pino: PinoInstance) {}

  /**
   * Creates the logger on a file descriptor (1 for stdout, or 2 to keep
   * stdout free for a command's output) or on a stream.
   */
  static create(level: LogLevel, destination: 1 | 2 | DestinationStream = 1): PinoLogger {
    const stream = typeof destination === 'number' ? pino.destination(destination) : destination;
    return new PinoLogger(
      pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream),
    );
  }

  log(message: unknown, ...parameters: unknown[]): void {
    this.write('info', message, parameters);
  }

  error(message: unknown, ...parameters: unknown[]): void {
    this.write('error', message, parameters);
  }

  warn(message: unknown, ...parameters: unknown[]): void {
    this.write('warn', message, parameters);
  }

  debug(message: unknown, ...parameters: unknown[]): void {
    this.write('debug', message, parameters);
  }

  verbose(message: unknown, ...parameters: unknown[]): void {
    this.write('trace', message, parameters);
  }

  fatal(message: unknown, ...parameters: unknown[]): void {
    this.write('fatal', message, parameters);
  }

  /** Nest's Logger appends its context name as the last parameter. */
  private write(level: Level, message: unknown, parameters: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) {
      return;
    }
    const context =
      typeof parameters[parameters.length - 1] === 'string' ? parameters.pop() : undefined;
    const request = currentRequestContext();
    const fields = { context, reqId: request?.requestId, userId: request?.userId };

    if (typeof message === 'object' && message !== null) {
      const text = typeof parameters[0] === 'string' ? parameters[0] : undefined;
      this.pino[level]({ ...fields, ...message }, text);
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

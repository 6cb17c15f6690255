import { LoggerService } from '@nestjs/common';
import pino, { Level, Logger as PinoInstance } from 'pino';
import { LogLevel } from '../config/app-config';

/**
 * A Nest LoggerService over a plain pino instance, for the lines written
 * before the Nest app and its nestjs-pino logger exist (embedded PostgreSQL,
 * migrations). It accepts the same (fields, message) call form as nestjs-pino.
 */
export class BootstrapLogger implements LoggerService {
  private readonly pino: PinoInstance;

  /** destination is a file descriptor: 1 for stdout, or 2 to keep stdout free for a command's output. */
  constructor(level: LogLevel, destination: 1 | 2 = 1) {
    this.pino = pino({ level }, pino.destination(destination));
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
    const context =
      typeof parameters[parameters.length - 1] === 'string' ? parameters.pop() : undefined;

    if (typeof message === 'object' && message !== null) {
      const text = typeof parameters[0] === 'string' ? parameters[0] : undefined;
      this.pino[level]({ context, ...message }, text);
    } else {
      this.pino[level]({ context }, String(message));
    }
  }
}

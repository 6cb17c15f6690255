import { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

type LoggedRequest = IncomingMessage & { id?: string; userId?: string };

/**
 * pino through nestjs-pino: JSON lines, one per request with request id,
 * user id, status and duration (responseTime, in milliseconds). Headers and
 * bodies are not logged at all, so tokens and passwords cannot leak; the
 * redact list guards fields that an error object might carry.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request: IncomingMessage) => (request as LoggedRequest).id ?? 'unknown',
            quietReqLogger: true,
            customProps: (request: IncomingMessage) => ({
              userId: (request as LoggedRequest).userId,
            }),
            serializers: {
              req: (request: { method?: string; url?: string; remoteAddress?: string }) => ({
                method: request.method,
                url: request.url,
                remoteAddress: request.remoteAddress,
              }),
              res: (response: ServerResponse | { statusCode?: number }) => ({
                statusCode: response.statusCode,
              }),
            },
            customLogLevel: (_request, response, error) =>
              error !== undefined || response.statusCode >= 500 ? 'error' : 'info',
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                '*.password',
                '*.passwordHash',
                '*.accessToken',
                '*.refreshToken',
                '*.jwtSecret',
              ],
              censor: '[redacted]',
            },
          },
        }),
      ],
    };
  }
}

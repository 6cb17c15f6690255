import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { createFrameworkErrorHandler } from './common/http/framework-errors';
import { registerJsonBodyParser } from './common/http/json-body-parser';
import { generateRequestId } from './common/http/request-id';
import { registerResourceHeaders } from './common/http/resource-headers';
import { buildSecurityHeaders } from './common/http/security-headers';
import { createValidationPipe } from './common/http/validation';
import { AppConfig } from './config/app-config';
import { PinoLogger } from './logging/pino-logger';
import { registerRequestLogging } from './logging/request-logging';

/**
 * Builds the whole HTTP application, plumbing included, without listening.
 * main.ts and the end-to-end tests both use it, so tests exercise the same
 * pipes, filters, headers and limits as production.
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = PinoLogger.create(config.logLevel);
  const securityHeaders = buildSecurityHeaders();
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    trustProxy: config.http.trustProxy,
    genReqId: generateRequestId,
    // Fastify returns 404 for a path parameter over this length. Below it, the handler
    // rejects an over-long id with 400 invalid_id like any other malformed one.
    maxParamLength: 1_000,
    // Open keep-alive connections would hold a graceful shutdown until they time out.
    forceCloseConnections: 'idle',
    frameworkErrors: createFrameworkErrorHandler(logger.pino, securityHeaders),
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    // Nest would register JSON and form parsers of its own; registerJsonBodyParser installs the only one.
    bodyParser: false,
  });

  registerRequestLogging(app.getHttpAdapter().getInstance(), logger.pino);
  configureHttp(app, config, securityHeaders);
  app.useGlobalPipes(createValidationPipe());
  setUpOpenApi(app);

  return app;
}

function configureHttp(
  app: NestFastifyApplication,
  config: AppConfig,
  securityHeaders: Record<string, string>,
): void {
  const fastify = app.getHttpAdapter().getInstance();

  registerJsonBodyParser(fastify);

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done) => {
    reply.headers(securityHeaders);
    reply.header('X-Request-Id', request.id);
    done();
  });
  registerResourceHeaders(fastify);

  if (config.http.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.http.corsOrigins,
      exposedHeaders: [
        'ETag',
        'Location',
        'X-Request-Id',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
      ],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'Idempotency-Key',
        'X-Request-Id',
      ],
      methods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    });
  }
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Tandem API')
      .setDescription('Todos, schedule items, profiles and friendships of the Tandem planner.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}

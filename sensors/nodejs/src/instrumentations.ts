import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { KoaInstrumentation, KoaLayerType } from '@opentelemetry/instrumentation-koa';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MySQL2Instrumentation } from '@opentelemetry/instrumentation-mysql2';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { TracerConfig } from './config.js';

/** Redis commands are stored by name only: arguments carry keys and values (user data). */
const redisStatement = (cmdName: string) => cmdName;

/**
 * One factory per supported library, keyed by the short name used in ARGUS_DISABLE_INSTRUMENTATIONS.
 * fs, dns and net are deliberately absent: they cost on every call and add little to a trace.
 * Express middleware and (zero-length) router spans and Koa middleware spans are off: the route still names
 * the endpoint and request handlers keep their spans.
 */
const factories: Record<string, (config: TracerConfig) => Instrumentation> = {
  http: (config) =>
    // outgoing calls only: incoming requests are traced by http-server.ts (leaner, on the hot path)
    new HttpInstrumentation({
      disableIncomingRequestInstrumentation: true,
      headersToSpanAttributes: { client: { requestHeaders: config.captureHeaders } },
    }),
  undici: () => new UndiciInstrumentation(),
  express: () => new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
  fastify: () => new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false }),
  koa: () => new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] }),
  pg: () => new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
  mysql2: () => new MySQL2Instrumentation({ maskStatement: true }),
  redis: () => new RedisInstrumentation({ dbStatementSerializer: redisStatement, requireParentSpan: true }),
  ioredis: () => new IORedisInstrumentation({ dbStatementSerializer: redisStatement, requireParentSpan: true }),
  mongodb: () => new MongoDBInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
  kafkajs: () => new KafkaJsInstrumentation(),
  amqplib: () => new AmqplibInstrumentation(),
  grpc: () => new GrpcInstrumentation(),
};

export const instrumentationNames = Object.keys(factories);

/** The enabled instrumentations; one that fails to construct is skipped (reported through `onError`). */
export function createInstrumentations(config: TracerConfig, onError: (name: string, err: unknown) => void): Instrumentation[] {
  const out: Instrumentation[] = [];
  for (const [name, make] of Object.entries(factories)) {
    if (config.disabled.includes(name)) continue;
    try {
      out.push(make(config));
    } catch (err) {
      onError(name, err);
    }
  }
  return out;
}

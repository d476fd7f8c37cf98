import { fileURLToPath } from 'node:url';
import { loadOtlpTypes } from '@argus/otlp';
import type { Context } from 'hono';
import { loadAnalyticsConfig } from '../../analytics/config.js';
import type { AppEnv, CollectorDeps, CollectorModule } from '../../module.js';
import { createByteBudget } from '../budget.js';
import { loadIngestConfig, type IngestConfigInput } from '../pipeline/config.js';
import { createIngestPipeline, type IngestPipeline } from '../pipeline/pipeline.js';
import { bodyType, readWireBody } from '../read-body.js';
import { createSpanFeed, type SpanFeed } from '../span-feed.js';
import { encodeResponse, type Signal } from './decode.js';
import { createTracerDropCounter } from './tracer-drops.js';

export const CORE_MIGRATIONS = fileURLToPath(new URL('../../storage/migrations', import.meta.url));

export interface OtlpModuleOptions {
  /** where stored span skeletons go (the call resolver); one per collector */
  spanFeed?: SpanFeed;
  config?: IngestConfigInput;
}

/**
 * OTLP/HTTP ingest: POST /v1/traces, /v1/metrics, /v1/logs (protobuf or JSON, gzip), plus the core tables. Requests
 * go through the ingest pipeline (decode workers, write-ahead log, batched idempotent inserts: pipeline/).
 */
export function createOtlpModule(opts: OtlpModuleOptions = {}): CollectorModule & { pipeline?: IngestPipeline } {
  const types = loadOtlpTypes();
  const ingest = loadIngestConfig(opts.config);
  const feed = opts.spanFeed ?? createSpanFeed();
  const mod: CollectorModule & { pipeline?: IngestPipeline } = {
    name: 'otlp',
    migrationsDir: CORE_MIGRATIONS,
    ingest(app, deps) {
      const pipeline = (mod.pipeline = createIngestPipeline({
        storage: deps.storage,
        log: deps.log,
        telemetry: deps.telemetry,
        config: deps.config,
        ingest,
        types,
        feed,
        maxEndpointsPerService: loadAnalyticsConfig().maxEndpointsPerService,
      }));
      const budget = createByteBudget(ingest.maxInflightBytes);
      const tracerDrops = createTracerDropCounter(deps.telemetry);
      deps.telemetry.gauge('argus_ingest_inflight_bytes', {}, () => budget.used());
      const handle = (signal: Signal) => async (c: Context<AppEnv>) => {
        const t0 = performance.now();
        const type = bodyType(c, ['protobuf', 'json']);
        const format = type === 'protobuf' ? 'protobuf' : 'json';
        const wire = await readWireBody(c, deps.config.maxBodyBytes, budget);
        let out;
        try {
          out = await pipeline.accept({ signal, tenant: c.get('tenant'), format, encoding: wire.encoding, body: wire.body });
        } catch (e) {
          wire.release();
          throw e;
        }
        // the budget share is held until the rows are built (they may be built after the answer)
        if (out.built) void out.built.finally(() => wire.release());
        else wire.release();
        if (signal === 'metrics') tracerDrops.observe(c.get('tenant'), out.tracerDrops);
        deps.telemetry.count('argus_received_total', { signal }, out.accepted + out.rejected);
        if (out.rejected) deps.telemetry.count('argus_rejected_total', { signal, reason: 'invalid' }, out.rejected);
        deps.telemetry.observe('argus_ingest_ack_seconds', { signal }, (performance.now() - t0) / 1000);
        const message = out.rejected ? `${out.rejected} rejected: ${[...new Set(out.errors)].join('; ')}` : '';
        const body = encodeResponse(types, signal, type, out.rejected, message);
        return typeof body === 'string'
          ? c.body(body, 200, { 'content-type': 'application/json' })
          : c.body(body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/x-protobuf' });
      };
      app.post('/v1/traces', deps.tenants.ingestAuth, handle('traces'));
      app.post('/v1/metrics', deps.tenants.ingestAuth, handle('metrics'));
      app.post('/v1/logs', deps.tenants.ingestAuth, handle('logs'));
    },
    async start() {
      await mod.pipeline?.start();
    },
    async stop() {
      await mod.pipeline?.stop();
    },
  };
  return mod;
}

export type { CollectorDeps };

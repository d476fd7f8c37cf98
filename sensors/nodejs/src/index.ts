import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { loadConfig, type TracerConfig } from './config.js';
import { installHttpServerTracing } from './http-server.js';
import { createIdGenerator } from './id-generator.js';
import { createInstrumentations } from './instrumentations.js';
import { createClock } from './lean/clock.js';
import { createContextManager } from './lean/context-manager.js';
import { createSpanBuffer } from './lean/span-buffer.js';
import { createLeanTracerProvider, type SpanSink } from './lean/tracer.js';
import { createLog } from './log.js';
import { createMetricsEncoder, startMetricsExporter } from './otlp/metrics-exporter.js';
import { createSpanEncoder } from './otlp/span-encoder.js';
import { createTransport } from './otlp/transport.js';
import { createResource } from './resource.js';
import { createRuntimeMetrics, type MetricData } from './runtime-metrics/index.js';
import { tracerStatsMetrics } from './runtime-metrics/tracer-stats.js';
import { createStats, type TracerStats } from './stats.js';
import { TRACER_VERSION } from './version.js';

/** The instrumentation set the tracer enables and its configuration, for running the same set on another SDK. */
export { createInstrumentations, instrumentationNames } from './instrumentations.js';
export { loadConfig, type TracerConfig } from './config.js';

export interface Tracer {
  config: TracerConfig;
  stats: TracerStats;
  /** flushes pending spans and metrics (e.g. before a short-lived script exits) */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** One tracer per process, even if both `--import` and `--require` are given or two copies are loaded. */
const STARTED = Symbol.for('argus.nodejs.tracer');
type Global = typeof globalThis & { [STARTED]?: Tracer | null };

/**
 * Starts tracing and runtime metrics. Never throws: on any failure it writes one warning and returns
 * undefined, and the application runs untraced.
 */
export function startTracer(env: NodeJS.ProcessEnv = process.env): Tracer | undefined {
  const g = globalThis as Global;
  if (g[STARTED] !== undefined) return g[STARTED] ?? undefined;
  g[STARTED] = null;
  try {
    const config = loadConfig(env);
    if (!config.enabled) return undefined;
    const tracer = start(config);
    g[STARTED] = tracer;
    return tracer;
  } catch (err) {
    try {
      process.stderr.write(`[argus] warn: tracer not started, the application runs untraced: ${(err as Error).message}\n`);
    } catch {
      // ignore
    }
    return undefined;
  }
}

/**
 * The lean recording path behind the OpenTelemetry API: the API's global tracer provider, context manager and
 * propagator are Argus's (lean/), the OpenTelemetry instrumentations run unchanged on top of them, ended spans are
 * encoded to OTLP protobuf in batches outside the requests that ended them and posted by a plain keep-alive client.
 */
function start(config: TracerConfig): Tracer {
  const log = createLog(config.logLevel);
  const stats = createStats();
  const resource = createResource(config);
  const clock = createClock();
  const transport = createTransport({
    endpoint: config.endpoint,
    headers: config.headers,
    timeoutMs: config.exportTimeoutMs,
    compression: config.compression,
    sockets: config.maxExports + 1,
  });
  const encoder = createSpanEncoder(resource, clock, { headersCaptured: config.captureHeaders.length > 0 });
  // the provider needs the sink and the sink the provider's tracers: the sink is bound once both exist
  const sink: SpanSink = { onEnd: () => {} };
  const provider = createLeanTracerProvider({ clock, ids: createIdGenerator(), sink });
  const buffer = createSpanBuffer(
    provider.tracers,
    encoder,
    transport,
    {
      flushMs: config.flushMs,
      maxBatch: config.maxBatch,
      maxQueue: config.maxQueue,
      maxInFlight: config.maxExports,
      maxAttempts: 3,
      encodeEvery: 256,
    },
    stats,
    log,
  );
  sink.onEnd = buffer.onEnd;
  const contextManager = createContextManager();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());

  const runtime = createRuntimeMetrics(stats);
  const metrics = startMetricsExporter(
    runtime.collect,
    createMetricsEncoder(resource, Date.now()),
    transport,
    config.metricsIntervalMs,
    log,
    clock.resync,
    () => {
      const counters: MetricData[] = [];
      tracerStatsMetrics(stats).collect(counters);
      return counters;
    },
  );

  const instrumentations = createInstrumentations(config, (name, err) =>
    log.warnOnce(`INSTRUMENTATION_${name.toUpperCase()}`, `instrumentation ${name} disabled: ${(err as Error).message}`),
  );
  const unregister = registerInstrumentations({ instrumentations, tracerProvider: provider });
  const uninstallServer = config.disabled.includes('http')
    ? () => {}
    : installHttpServerTracing(provider.getTracer('@argus/nodejs/http-server', TRACER_VERSION), contextManager.enter, {
        serverTiming: config.serverTiming,
        captureHeaders: config.captureHeaders,
      });
  log.debug(`tracing ${config.serviceName} -> ${config.endpoint} (${instrumentations.length} instrumentations)`);

  let stopped = false;
  const flush = async () => {
    await Promise.allSettled([buffer.flush(), metrics.flush()]);
  };
  // No flush on exit: with the agent down, pending exports would hold a finishing script open for seconds.
  // Short-lived scripts that need their last spans call flush() on the tracer handle.
  return {
    config,
    stats,
    flush,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      unregister();
      uninstallServer();
      metrics.stop();
      await Promise.allSettled([buffer.shutdown(), metrics.flush()]);
      runtime.stop();
      transport.close();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

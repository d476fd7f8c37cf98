import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { AlwaysOnSampler } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { loadConfig, type TracerConfig } from './config.js';
import { createMetricExporter, createSpanExporter } from './exporter.js';
import { installHttpServerTracing } from './http-server.js';
import { createIdGenerator } from './id-generator.js';
import { createInstrumentations } from './instrumentations.js';
import { withoutSpanSelfMetrics } from './lean-tracers.js';
import { createLog } from './log.js';
import { createResource } from './resource.js';
import { registerRuntimeMetrics } from './runtime-metrics/index.js';
import { createBatchSpanProcessor } from './span-processor.js';
import { createStats, type TracerStats } from './stats.js';
import { TRACER_VERSION } from './version.js';

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
      process.stderr.write(`[argus] warn: tracer not started, the application runs untraced: ${(err as Error)?.message ?? err}\n`);
    } catch {
      // ignore
    }
    return undefined;
  }
}

function start(config: TracerConfig): Tracer {
  const log = createLog(config.logLevel);
  const stats = createStats();
  const resource = createResource(config);
  const processor = createBatchSpanProcessor(
    createSpanExporter(config),
    { flushMs: config.flushMs, maxBatch: config.maxBatch, maxQueue: config.maxQueue, headersCaptured: config.captureHeaders.length > 0 },
    stats,
    log,
  );
  const provider = withoutSpanSelfMetrics(
    new NodeTracerProvider({ resource, idGenerator: createIdGenerator(), sampler: new AlwaysOnSampler(), spanProcessors: [processor] }),
  );
  provider.register({ propagator: new W3CTraceContextPropagator() });

  // Runtime metrics use a private MeterProvider: it is NOT registered globally, so instrumentations keep the
  // no-op meter and record no per-request metric (spans already carry the same information).
  const meterProvider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: createMetricExporter(config),
        exportIntervalMillis: config.metricsIntervalMs,
        exportTimeoutMillis: Math.min(config.metricsIntervalMs, config.exportTimeoutMs),
      }),
    ],
  });
  const stopRuntime = registerRuntimeMetrics(meterProvider.getMeter('@argus/nodejs'), stats);

  const instrumentations = createInstrumentations(config, (name, err) =>
    log.warnOnce(`INSTRUMENTATION_${name.toUpperCase()}`, `instrumentation ${name} disabled: ${(err as Error)?.message ?? err}`),
  );
  const unregister = registerInstrumentations({ instrumentations, tracerProvider: provider });
  const uninstallServer = config.disabled.includes('http')
    ? () => {}
    : installHttpServerTracing(provider.getTracer('@argus/nodejs/http-server', TRACER_VERSION), {
        serverTiming: config.serverTiming,
        captureHeaders: config.captureHeaders,
      });
  log.debug(`tracing ${config.serviceName} -> ${config.endpoint} (${instrumentations.length} instrumentations)`);

  let stopped = false;
  const flush = async () => {
    await Promise.allSettled([provider.forceFlush(), meterProvider.forceFlush()]);
  };
  // No flush on exit: with the agent down, the exporter's retries would hold a finishing script open for
  // seconds. Short-lived scripts that need their last spans call flush() on the tracer handle.
  return {
    config,
    stats,
    flush,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      unregister();
      uninstallServer();
      stopRuntime();
      await Promise.allSettled([provider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

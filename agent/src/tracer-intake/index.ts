/**
 * The agent's tracer intake: an OTLP/HTTP listener (default 127.0.0.1:42699) for the Node.js tracer. It
 * enriches every resource with host, container and process identity and hands the re-encoded protobuf to
 * the agent's buffered, retrying forwarder. See README.md for wiring.
 */
import { createServer, type Server } from 'node:http';
import type { OtlpTypes } from '@argus/otlp';
import { createIntakeHandler } from './app.js';
import { createCoalescer } from './coalesce.js';
import { createIntakeMetrics } from './intake-metrics.js';
import { createRuntimeRegistry } from './runtimes.js';
import type { TracerIntake, TracerIntakeOptions } from './types.js';

export type { ConnectionHints, IntakeIdentity, ResolvedProcess, SignalKind, TracerIntake, TracerIntakeOptions } from './types.js';
export const DEFAULT_TRACER_PORT = 42699;
/**
 * HTTP timeouts of the intake (docs/configuration.md, docs/reliability.md): headers within 10 s, the whole request
 * within 60 s, idle keep-alive connections closed after 15 s (the tracer sends at least every 5 s); checked every second.
 */
export const INTAKE_TIMEOUTS = {
  headersTimeout: 10_000,
  requestTimeout: 60_000,
  keepAliveTimeout: 15_000,
  connectionsCheckingInterval: 1_000,
};

export function createTracerIntake(options: TracerIntakeOptions): TracerIntake {
  let types: Promise<OtlpTypes> | undefined;
  const runtimes = createRuntimeRegistry((s) => options.onRuntime?.(s));
  const metrics = createIntakeMetrics();
  const coalescer = createCoalescer(
    (kind, body) => options.forward(kind, body),
    { maxSpans: 8000, maxBytes: 8 * 1024 * 1024, maxDelayMs: 1000, maxPendingBytes: 64 * 1024 * 1024, maxAttempts: 5, ...options.coalesce },
    (batch, err) => {
      metrics.forwardFailed(batch.spans);
      options.log?.error({ err, kind: batch.kind, bytes: batch.body.length }, 'tracer intake: forward failed, tracer data dropped');
    },
  );
  const handler = createIntakeHandler({
    options,
    types: () => (types ??= import('@argus/otlp').then((m) => m.loadOtlpTypes())),
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
    observeRuntime: (s) => runtimes.observe(s),
    coalescer,
    metrics,
    liveRuntimes: () => runtimes.live(60_000).length,
  });
  let server: Server | undefined;

  return {
    start() {
      return new Promise((resolve, reject) => {
        const s = createServer({ ...INTAKE_TIMEOUTS, ...options.httpTimeouts }, handler);
        server = s;
        s.listen(options.port, options.host, () => resolve({ port: (s.address() as { port: number }).port }));
        s.once('error', (err: Error) =>
          reject(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'TRACER_INTAKE_LISTEN' })),
        );
      });
    },
    flush: () => coalescer.flush(),
    async stop() {
      await new Promise<void>((resolve) => {
        if (!server) return resolve();
        const s = server;
        server = undefined;
        s.closeAllConnections();
        s.close(() => resolve());
      });
      await coalescer.flush();
    },
    liveRuntimes: (withinMs = 60_000) => runtimes.live(withinMs),
  };
}

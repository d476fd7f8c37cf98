/**
 * The agent's tracer intake: an OTLP/HTTP listener (default 127.0.0.1:42699) for the Node.js tracer. It
 * enriches every resource with host, container and process identity and hands the re-encoded protobuf to
 * the agent's buffered, retrying forwarder. See README.md for wiring.
 */
import { createServer, type Server } from 'node:http';
import type { OtlpTypes } from '@argus/otlp';
import { createIntakeHandler } from './app.js';
import { createRuntimeRegistry } from './runtimes.js';
import type { TracerIntake, TracerIntakeOptions } from './types.js';

export type { ConnectionHints, IntakeIdentity, ResolvedProcess, SignalKind, TracerIntake, TracerIntakeOptions } from './types.js';
export const DEFAULT_TRACER_PORT = 42699;

export function createTracerIntake(options: TracerIntakeOptions): TracerIntake {
  let types: Promise<OtlpTypes> | undefined;
  const runtimes = createRuntimeRegistry((s) => options.onRuntime?.(s));
  const handler = createIntakeHandler({
    options,
    types: () => (types ??= import('@argus/otlp').then((m) => m.loadOtlpTypes())),
    maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024,
    observeRuntime: (s) => runtimes.observe(s),
  });
  let server: Server | undefined;

  return {
    start() {
      return new Promise((resolve, reject) => {
        const s = createServer(handler);
        server = s;
        s.listen(options.port, options.host, () => resolve({ port: (s.address() as { port: number }).port }));
        s.once('error', (err: Error) =>
          reject(Object.assign(err, { code: (err as NodeJS.ErrnoException).code ?? 'TRACER_INTAKE_LISTEN' })),
        );
      });
    },
    stop() {
      return new Promise<void>((resolve) => {
        if (!server) return resolve();
        const s = server;
        server = undefined;
        s.closeAllConnections();
        s.close(() => resolve());
      });
    },
    liveRuntimes: (withinMs = 60_000) => runtimes.live(withinMs),
  };
}

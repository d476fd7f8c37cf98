import type { HttpBindings } from '@hono/node-server';
import type { OtlpTypes } from '@argus/otlp';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { decodeRequest, encodingOf, inflate, IntakeError } from './codec.js';
import { enrichResources, type ResourceEntry } from './enrich.js';
import type { SignalKind, TracerIntakeOptions } from './types.js';

interface Deps {
  options: TracerIntakeOptions;
  /** the OTLP schema, loaded on the first request (protobufjs is not needed by an agent without tracers) */
  types: () => Promise<OtlpTypes>;
  maxBodyBytes: number;
  observeRuntime(snapshot: import('@argus/sensor-kit').EntitySnapshot): void;
}

/** Error thrown by `forward` when the agent's buffer is full. */
interface OverloadError {
  status?: number;
  retryAfterSeconds?: number;
  message?: string;
}

function reply(c: Context, status: number, json: boolean, message: string, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  if (json) return c.json(status < 300 ? {} : { code: status, message }, status as 200);
  c.header('content-type', 'application/x-protobuf');
  return c.body(new Uint8Array(0), status as 200);
}

/** The intake's Hono app: `GET /` for discovery, `POST /v1/traces` and `POST /v1/metrics` (OTLP/HTTP). */
export function createIntakeApp(deps: Deps): Hono<{ Bindings: HttpBindings }> {
  const { options, types, maxBodyBytes } = deps;
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.get('/', (c) => c.json({ version: options.version, agent: 'argus' }));

  const handler = (kind: SignalKind) => async (c: Context<{ Bindings: HttpBindings }>) => {
    const wantsJson = (c.req.header('content-type') ?? '').toLowerCase().startsWith('application/json');
    let body: Uint8Array;
    try {
      const encoding = encodingOf(c.req.header('content-type'));
      const raw = inflate(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-encoding'), maxBodyBytes);
      const t = await types();
      const type = kind === 'traces' ? t.ExportTraceServiceRequest : t.ExportMetricsServiceRequest;
      const msg = decodeRequest(type, raw, encoding) as unknown as { resourceSpans?: ResourceEntry[]; resourceMetrics?: ResourceEntry[] };
      const entries = (kind === 'traces' ? msg.resourceSpans : msg.resourceMetrics) ?? [];
      if (entries.length === 0) return reply(c, 200, wantsJson, 'ok');
      const socket = c.env?.incoming?.socket;
      const { runtimes } = enrichResources(entries, options.identity, options.resolveProcess, {
        remoteAddress: socket?.remoteAddress,
        remotePort: socket?.remotePort,
      });
      for (const r of runtimes) deps.observeRuntime(r);
      body = type.encode(msg as never).finish();
    } catch (err) {
      if (err instanceof IntakeError) return reply(c, err.status, true, err.message);
      options.log?.warn({ err }, 'tracer intake: unreadable request');
      return reply(c, 400, true, `unreadable OTLP ${kind} request`);
    }
    try {
      await options.forward(kind, body);
      return reply(c, 200, wantsJson, 'ok');
    } catch (err) {
      const e = (err ?? {}) as OverloadError;
      const retryAfter = String(Math.max(1, Math.ceil(e.retryAfterSeconds ?? 5)));
      const status = e.status === 429 ? 429 : 503;
      options.log?.debug({ err }, 'tracer intake: forward refused');
      return reply(c, status, true, e.message ?? 'agent is overloaded, retry later', { 'Retry-After': retryAfter });
    }
  };

  const limit = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => c.json({ code: 413, message: `body is larger than ${maxBodyBytes} bytes` }, 413),
  });
  app.post('/v1/traces', limit, handler('traces'));
  app.post('/v1/metrics', limit, handler('metrics'));
  return app;
}

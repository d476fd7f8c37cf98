/**
 * Test helper: a real HTTP server on 127.0.0.1 that accepts what the agent sends (OTLP metrics protobuf+gzip,
 * entity JSON), decodes it with the OTLP schema and records it. `failWith` makes it answer like an
 * overloaded collector (e.g. 503 + Retry-After).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { loadOtlpTypes } from '@argus/otlp';

export interface RecordedPoint {
  metric: string;
  time: number;
  start: number;
  value: number;
  kind: 'gauge' | 'sum';
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
}

export interface Recorder {
  url: string;
  points: RecordedPoint[];
  entities: Array<Record<string, any>>;
  requests: Array<{ path: string; status: number; headers: IncomingMessage['headers']; at: number }>;
  /** decompressed bodies of accepted requests, in arrival order */
  bodies: Array<{ path: string; body: Buffer }>;
  failWith(status: number | null, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

const kvs = (list: Array<{ key: string; value: Record<string, unknown> }> = []) =>
  Object.fromEntries(list.map((kv) => [kv.key, Object.values(kv.value)[0]]));

export async function startRecorder(): Promise<Recorder> {
  const types = loadOtlpTypes();
  const rec: Omit<Recorder, 'url' | 'close' | 'failWith'> = { points: [], entities: [], requests: [], bodies: [] };
  let failure: { status: number; headers: Record<string, string> } | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (failure) {
        rec.requests.push({ path, status: failure.status, headers: req.headers, at: Date.now() });
        res.writeHead(failure.status, failure.headers).end('overloaded');
        return;
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      rec.requests.push({ path, status: 200, headers: req.headers, at: Date.now() });
      rec.bodies.push({ path, body });
      if (path === '/v1/metrics') {
        const msg = types.ExportMetricsServiceRequest.toObject(types.ExportMetricsServiceRequest.decode(body), { longs: String }) as any;
        for (const rm of msg.resourceMetrics ?? []) {
          const resource = kvs(rm.resource?.attributes);
          for (const sm of rm.scopeMetrics ?? [])
            for (const m of sm.metrics ?? []) {
              const kind = m.sum ? 'sum' : 'gauge';
              for (const dp of (m.sum ?? m.gauge).dataPoints ?? []) {
                rec.points.push({
                  metric: m.name,
                  kind,
                  resource,
                  attributes: kvs(dp.attributes),
                  value: dp.asDouble ?? Number(dp.asInt ?? 0),
                  time: Number(BigInt(dp.timeUnixNano) / 1_000_000n),
                  start: Number(BigInt(dp.startTimeUnixNano ?? 0) / 1_000_000n),
                });
              }
            }
        }
      } else if (path === '/v1/agent/entities') {
        rec.entities.push(JSON.parse(body.toString('utf8')));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    ...rec,
    url: `http://127.0.0.1:${port}`,
    failWith: (status, headers = {}) => {
      failure = status === null ? null : { status, headers };
    },
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** polls `fn` every 100 ms until it returns a truthy value or `ms` passes */
export async function waitFor<T>(fn: () => T | undefined | null | false, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

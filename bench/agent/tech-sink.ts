/**
 * A stand-in collector for the technology-sensors benchmark: accepts the agent's posts and decodes its OTLP
 * metrics just enough to tell which sensors ran (points per instrumentation scope, technology entities seen,
 * the agent's own `agent.sensors.loaded`). Decoding costs the benchmark process, not the agent.
 */
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { loadOtlpTypes } from '@argus/otlp';

export interface SinkWindow {
  /** points per scope (sensor name) */
  points: Map<string, number>;
  /** argus.entity.id values reported by each technology sensor */
  entities: Map<string, Set<string>>;
  sensorsLoaded: number;
}

export interface TechSink {
  url: string;
  /** start counting afresh (beginning of a measured window) */
  reset(): void;
  window(): SinkWindow;
  close(): Promise<void>;
}

const TECH = new Set(['nginx', 'postgres', 'redis']);

export async function startTechSink(): Promise<TechSink> {
  const { ExportMetricsServiceRequest } = loadOtlpTypes();
  let w: SinkWindow = { points: new Map(), entities: new Map(), sensorsLoaded: 0 };
  const ingest = (body: Buffer) => {
    const req = ExportMetricsServiceRequest.toObject(ExportMetricsServiceRequest.decode(body), { longs: Number }) as any;
    for (const rm of req.resourceMetrics ?? []) {
      const attrs = new Map<string, string>();
      for (const a of rm.resource?.attributes ?? []) attrs.set(a.key, String(a.value?.stringValue ?? a.value?.intValue ?? ''));
      for (const sm of rm.scopeMetrics ?? []) {
        const scope = String(sm.scope?.name ?? '').replace(/^argus\.sensor\./, '');
        if (TECH.has(scope)) {
          const set = w.entities.get(scope) ?? new Set<string>();
          set.add(attrs.get('argus.entity.id') ?? '');
          w.entities.set(scope, set);
        }
        for (const m of sm.metrics ?? []) {
          const dps: Array<{ asDouble?: number; asInt?: number }> = m.gauge?.dataPoints ?? m.sum?.dataPoints ?? [];
          w.points.set(scope, (w.points.get(scope) ?? 0) + dps.length);
          if (m.name === 'agent.sensors.loaded' && dps.length) {
            const last = dps[dps.length - 1];
            w.sensorsLoaded = Number(last.asDouble ?? last.asInt ?? 0);
          }
        }
      }
    }
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/metrics') {
        try {
          const raw = Buffer.concat(chunks);
          ingest(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
        } catch (err) {
          console.error('sink: undecodable metrics payload', err);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    reset: () => (w = { points: new Map(), entities: new Map(), sensorsLoaded: 0 }),
    // a copy: the live window keeps filling while the next phase warms up
    window: () => ({
      points: new Map(w.points),
      entities: new Map([...w.entities].map(([k, v]) => [k, new Set(v)])),
      sensorsLoaded: w.sensorsLoaded,
    }),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

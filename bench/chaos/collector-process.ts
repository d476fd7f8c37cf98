/**
 * The collector as a separate process for the chaos runs (bench/chaos, test/chaos): start on free loopback ports
 * with a preset ingest key, SIGKILL, restart on the same data directory, an OTLP span load that records exactly
 * which spans were acknowledged, and the exact count of stored spans per span id (read with the collector's own
 * storage after the last stop, so duplicates are visible).
 */
import { COLLECTOR_NODE_FLAGS } from '../../common/supervise/src/collector-node-flags.js';
import { mallocEnv } from '../../common/supervise/src/malloc-env.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadOtlpTypes } from '@argus/otlp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const types = loadOtlpTypes();

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface CollectorProcess {
  child: ChildProcess;
  ingestUrl: string;
  apiUrl: string;
  key: string;
  adminToken: string;
  /** resolves when the process exited */
  exited: Promise<number | null>;
  log: string[];
}

export interface CollectorProcessOptions {
  dataDir: string;
  ingestPort: number;
  apiPort: number;
  key: string;
  adminToken: string;
  env?: Record<string, string>;
  /** give up waiting for /health after this long */
  startTimeoutMs?: number;
}

export const newCredentials = () => ({ key: `ak_${randomBytes(18).toString('hex')}`, adminToken: `at_${randomBytes(18).toString('hex')}` });

export async function startCollectorProcess(o: CollectorProcessOptions): Promise<CollectorProcess> {
  const child = spawn(process.execPath, [...COLLECTOR_NODE_FLAGS, '--import', 'tsx', 'collector/src/main.ts', '--data-dir', o.dataDir], {
    cwd: ROOT,
    env: {
      ...process.env,
      // as the launcher starts it (common/supervise/src/malloc-env.ts)
      ...mallocEnv(),
      ARGUS_INGEST_PORT: String(o.ingestPort),
      ARGUS_API_PORT: String(o.apiPort),
      ARGUS_INGEST_HOST: '127.0.0.1',
      ARGUS_API_HOST: '127.0.0.1',
      ARGUS_INGEST_KEY: o.key,
      ARGUS_ADMIN_TOKEN: o.adminToken,
      ARGUS_LOG_LEVEL: 'warn',
      ARGUS_BATCH_FLUSH_MS: '200',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  const keep = (d: Buffer) => {
    for (const line of d.toString().split('\n')) if (line.trim()) log.push(line.slice(0, 500));
    if (log.length > 2000) log.splice(0, log.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const c: CollectorProcess = {
    child,
    ingestUrl: `http://127.0.0.1:${o.ingestPort}`,
    apiUrl: `http://127.0.0.1:${o.apiPort}`,
    key: o.key,
    adminToken: o.adminToken,
    exited,
    log,
  };
  const deadline = Date.now() + (o.startTimeoutMs ?? 180_000);
  let dead = false;
  void exited.then(() => (dead = true));
  while (Date.now() < deadline && !dead) {
    try {
      const r = await fetch(`${c.apiUrl}/health`);
      if (r.ok) return c;
    } catch {
      /* not listening yet */
    }
    await new Promise((s) => setTimeout(s, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`collector did not start (${dead ? 'exited' : 'timeout'}):\n${log.slice(-30).join('\n')}`);
}

export async function sigkill(c: CollectorProcess): Promise<void> {
  c.child.kill('SIGKILL');
  await c.exited;
}

export interface LoadStats {
  requests: number;
  /** span ids (hex) of every request answered 200 */
  acked: Set<string>;
  sent: number;
  statuses: Record<string, number>;
  retryAfter: number;
  latenciesMs: number[];
}

export const newLoadStats = (): LoadStats => ({ requests: 0, acked: new Set(), sent: 0, statuses: {}, retryAfter: 0, latenciesMs: [] });

/** one OTLP protobuf request of `n` spans with fresh random ids (one trace), for `service` */
export function spanRequest(service: string, n: number): { body: Uint8Array; ids: string[] } {
  const traceId = randomBytes(16);
  const now = BigInt(Date.now()) * 1_000_000n;
  const ids: string[] = [];
  const spans = Array.from({ length: n }, (_, i) => {
    const spanId = randomBytes(8);
    ids.push(spanId.toString('hex'));
    return {
      traceId,
      spanId,
      name: `GET /chaos/${i % 10}`,
      kind: 2,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 1_000_000n),
      attributes: [{ key: 'http.route', value: { stringValue: `/chaos/${i % 10}` } }],
    };
  });
  const T = types.ExportTraceServiceRequest;
  const body = T.encode(
    T.fromObject({
      resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ spans }] }],
    }),
  ).finish();
  return { body, ids };
}

/**
 * Sends `requestsPerSecond` requests of `spansPerRequest` spans to `url()` until `stop()` says so (the URL is read
 * per request: the collector may be restarting). No retries: every request has new ids, so "acknowledged" is exact.
 */
export async function spanLoad(o: {
  url: () => string;
  key: string;
  service: string;
  requestsPerSecond: number;
  spansPerRequest: number;
  stop: () => boolean;
  /** where results go; a function is asked per request (to switch windows or phases) */
  stats: LoadStats | (() => LoadStats);
  concurrency?: number;
}): Promise<void> {
  const interval = 1000 / o.requestsPerSecond;
  const current = () => (typeof o.stats === 'function' ? o.stats() : o.stats);
  const worker = async (offset: number) => {
    let next = performance.now() + offset;
    while (!o.stop()) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((s) => setTimeout(s, wait));
      next += interval * (o.concurrency ?? 1);
      const { body, ids } = spanRequest(o.service, o.spansPerRequest);
      const stats = current();
      stats.requests++;
      stats.sent += ids.length;
      const t0 = performance.now();
      try {
        const r = await fetch(`${o.url()}/v1/traces`, {
          method: 'POST',
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/x-protobuf' },
          body: new Uint8Array(body),
          signal: AbortSignal.timeout(30_000),
        });
        await r.arrayBuffer();
        stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
        if (r.headers.get('retry-after')) stats.retryAfter++;
        if (r.status === 200) for (const id of ids) stats.acked.add(id);
      } catch (e) {
        const k = e instanceof Error ? ((e.cause as { code?: string } | undefined)?.code ?? e.name) : 'error';
        stats.statuses[k] = (stats.statuses[k] ?? 0) + 1;
      }
      stats.latenciesMs.push(performance.now() - t0);
    }
  };
  const n = o.concurrency ?? 1;
  await Promise.all(Array.from({ length: n }, (_, i) => worker((i * interval) / n)));
}

export interface StoredCount {
  /** distinct acknowledged span ids found */
  ackedStored: number;
  /** acknowledged span ids not found */
  lost: number;
  /** span ids stored more than once (rows beyond the first) */
  duplicateRows: number;
  /** rows of the service in total */
  rows: number;
  /** the first acknowledged span ids not found (to look up in the collector's log) */
  lostIds: string[];
}

/** Exact per-span-id counts of `service` through the API's admin token (a trace search would sample; this does not). */
export async function countStored(
  query: (sql: string) => Promise<Array<{ id: string; n: string | number }>>,
  service: string,
  acked: Set<string>,
): Promise<StoredCount> {
  const rows = await query(
    `SELECT lower(hex(span_id)) AS id, count() AS n FROM spans WHERE service = '${service.replace(/'/g, '')}' GROUP BY id`,
  );
  const found = new Map(rows.map((r) => [r.id, Number(r.n)]));
  let ackedStored = 0;
  let duplicateRows = 0;
  let total = 0;
  for (const [, n] of found) {
    total += n;
    if (n > 1) duplicateRows += n - 1;
  }
  const lostIds: string[] = [];
  for (const id of acked) {
    if (found.has(id)) ackedStored++;
    else if (lostIds.length < 20) lostIds.push(id);
  }
  return { ackedStored, lost: acked.size - ackedStored, duplicateRows, rows: total, lostIds };
}

/**
 * Load generator (a separate process): posts fresh OTLP trace requests for a fixed time, counts acknowledged spans
 * and each request's acknowledgement latency. With a rate (requests/s over all workers) requests are sent on a
 * fixed schedule (open loop: a late answer does not delay the next send), else as fast as answers come back.
 *
 * It shares the machine's cores with the collector, so it is kept cheap: requests go through node:http with
 * keep-alive (as the OpenTelemetry JS SDK's OTLP/HTTP exporter sends them), bodies are written into reused
 * buffers, and the templates' offsets are typed arrays (generate.ts). With fetch, fresh buffers and offsets in
 * arrays of tuples it took ~0.3 of a core at ~35k spans/s, most of it V8's major collections.
 */
import { Agent, request } from 'node:http';
import { buildTemplates, freshBody } from './generate.js';

const [url, key, format, seconds, concurrency, spansPerRequest, rate] = process.argv.slice(2);
const fmt = format === 'json' ? 'json' : 'protobuf';
const templates = buildTemplates(16, Number(spansPerRequest ?? 1000), fmt);
const contentType = fmt === 'json' ? 'application/json' : 'application/x-protobuf';
const perSecond = Number(rate ?? 0);
const deadline = Date.now() + Number(seconds) * 1000;
const target = new URL(url);
const agent = new Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const headers = { 'content-type': contentType, authorization: `Bearer ${key}` };
/** body buffers not in use (one per request in flight) */
const free: Buffer[] = [];
const maxBody = Math.max(...templates.map((t) => t.body.length));
let acked = 0;
let requests = 0;
let rejected = 0;
let retries = 0;
let i = 0;
const latencies: number[] = [];
process.send?.({ ready: true });
const t0 = performance.now();

interface Answer {
  status: number;
  retryAfter: number;
}

/** One POST; a keep-alive connection the server closed meanwhile is retried once on a fresh one. */
function post(body: Buffer, again = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': body.length },
      },
      (res) => {
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1) }));
        res.resume();
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (again && req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) resolve(post(body, false));
      else reject(e);
    });
    req.end(body);
  });
}

async function send(): Promise<void> {
  const t = templates[i++ % templates.length];
  const buffer = free.pop() ?? Buffer.allocUnsafe(maxBody);
  const body = freshBody(t, fmt === 'json', buffer);
  try {
    for (;;) {
      const sent = performance.now();
      const res = await post(body);
      if (res.status === 200) {
        latencies.push(performance.now() - sent);
        acked += t.spans;
        requests++;
        return;
      }
      if (res.status === 429 || res.status === 503) {
        retries++;
        await new Promise((r) => setTimeout(r, 1000 * res.retryAfter));
        continue;
      }
      rejected++;
      return;
    }
  } finally {
    free.push(buffer);
  }
}

async function closedLoop(): Promise<void> {
  while (Date.now() < deadline) await send();
}

async function openLoop(): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; Date.now() < deadline; n++) {
    const due = t0 + (n * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (inFlight.size >= Number(concurrency)) await Promise.race(inFlight);
    const p = send().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
}

if (perSecond > 0) await openLoop();
else await Promise.all(Array.from({ length: Number(concurrency) }, closedLoop));
const elapsed = (performance.now() - t0) / 1000;
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10 : 0);
console.log(
  JSON.stringify({
    acked,
    requests,
    rejected,
    retries,
    elapsed,
    bytesPerRequest: templates[0].body.length,
    ackP50Ms: pct(0.5),
    ackP90Ms: pct(0.9),
    ackP99Ms: pct(0.99),
    ackMaxMs: pct(1),
    // every acknowledgement's latency (0.1 ms), in sending order: benchmarks pool them over rounds for a steadier p99
    latencies: latencies.map((x) => Math.round(x * 10) / 10),
  }),
);
process.exit(0);

/** Synthetic telemetry for the UI benchmark, sent through the real OTLP/JSON ingest. */
import { randomBytes } from 'node:crypto';

const hex = (n: number) => randomBytes(n).toString('hex');
const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);

interface Span {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMs: number;
  durMs: number;
  route?: string;
  error?: boolean;
}

function otlp(spans: Span[]) {
  const byService = new Map<string, Span[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'bench-ui' },
          spans: list.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind + 1, // OTLP/JSON enum: SPAN_KIND_INTERNAL = 1 ... our kinds are 0-based here
            startTimeUnixNano: ns(s.startMs),
            endTimeUnixNano: ns(s.startMs + s.durMs),
            attributes: [
              ...(s.route
                ? [
                    { key: 'http.request.method', value: { stringValue: 'GET' } },
                    { key: 'http.route', value: { stringValue: s.route } },
                  ]
                : []),
              { key: 'bench.attr', value: { stringValue: 'x' } },
            ],
            status: { code: s.error ? 2 : 1 },
          })),
        },
      ],
    })),
  };
}

export async function send(ingestUrl: string, key: string, spans: Span[], chunk = 3000): Promise<void> {
  for (let i = 0; i < spans.length; i += chunk) {
    const body = JSON.stringify(otlp(spans.slice(i, i + chunk)));
    // a busy collector may reset a connection or answer 503 (Retry-After): try again, as an OTLP exporter would
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await fetch(`${ingestUrl}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body,
        });
        if (res.ok) break;
        if (res.status !== 503 || attempt >= 5) throw new Error(`ingest ${res.status}: ${await res.text()}`);
      } catch (err) {
        if (attempt >= 5 || (err instanceof Error && err.message.startsWith('ingest '))) throw err;
      }
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
}

/** A layered service graph: n services in 8 tiers, m distinct caller -> callee edges mostly to the next tier. */
export function serviceGraph(n: number, m: number, prefix: string, seed = 7): { services: string[]; edges: Array<[number, number]> } {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const tiers = 8;
  const tierOf = (i: number) => Math.floor((i / n) * tiers);
  const byTier = Array.from({ length: tiers }, (_, t) => [...Array(n).keys()].filter((i) => tierOf(i) === t));
  const edges = new Map<string, [number, number]>();
  while (edges.size < m) {
    const a = Math.floor(rnd() * n);
    const r = rnd();
    const t = Math.min(tiers - 1, tierOf(a) + (r < 0.75 ? 1 : r < 0.95 ? 2 : 3));
    if (t === tierOf(a)) continue;
    const b = byTier[t][Math.floor(rnd() * byTier[t].length)];
    edges.set(`${a}>${b}`, [a, b]);
  }
  return { services: Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`), edges: [...edges.values()] };
}

/** One trace per edge (entry span in the caller, client span, server span in the callee), inside [fromMs, fromMs + spreadMs]. */
export function graphTraces(g: ReturnType<typeof serviceGraph>, fromMs: number, spreadMs: number): Span[] {
  const out: Span[] = [];
  g.edges.forEach(([a, b], i) => {
    const traceId = hex(16);
    const t = fromMs + (i / g.edges.length) * spreadMs;
    const entry = { service: g.services[a], traceId, spanId: hex(8), name: 'GET /work', kind: 1, startMs: t, durMs: 40, route: '/work' };
    const client = {
      service: g.services[a],
      traceId,
      spanId: hex(8),
      parentSpanId: entry.spanId,
      name: 'GET',
      kind: 2,
      startMs: t + 5,
      durMs: 30,
    };
    const server = {
      service: g.services[b],
      traceId,
      spanId: hex(8),
      parentSpanId: client.spanId,
      name: 'GET /work',
      kind: 1,
      startMs: t + 6,
      durMs: 28,
      route: '/work',
      error: i % 37 === 0,
    };
    out.push(entry, client, server);
  });
  return out;
}

/** One trace of `count` spans over 8 services: a ternary tree, children inside their parent's time, a few errors. */
export function bigTrace(count: number, startMs: number): { traceId: string; spans: Span[] } {
  const traceId = hex(16);
  const spans: Span[] = [
    { service: 'big-0', traceId, spanId: hex(8), name: 'GET /report', kind: 1, startMs, durMs: 10_000, route: '/report' },
  ];
  for (let i = 1; i < count; i++) {
    const p = spans[Math.floor((i - 1) / 3)];
    const slot = p.durMs / 3;
    const k = (i - 1) % 3;
    const depth = Math.floor(Math.log(2 * i + 1) / Math.log(3));
    spans.push({
      service: `big-${depth % 8}`,
      traceId,
      spanId: hex(8),
      parentSpanId: p.spanId,
      name: `op-${depth}-${k}`,
      kind: i % 2 ? 0 : 2,
      startMs: p.startMs + k * slot + slot * 0.05,
      durMs: slot * 0.8,
      error: i % 997 === 0,
    });
  }
  return { traceId, spans };
}

/** One entry span per second for `seconds`, ending now: a service whose 1 s KPI series is full. */
export function steadyTraffic(service: string, seconds: number, endMs: number): Span[] {
  return Array.from({ length: seconds }, (_, i) => ({
    service,
    traceId: hex(16),
    spanId: hex(8),
    name: 'GET /steady',
    kind: 1,
    startMs: endMs - (seconds - i) * 1000,
    durMs: 20 + (i % 50),
    route: '/steady',
    error: i % 53 === 0,
  }));
}

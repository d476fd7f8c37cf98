import { randomBytes } from 'node:crypto';
import { startTestCollector } from '@argus/collector/testing';

const hex = (n: number) => randomBytes(n).toString('hex');

/**
 * Span end -> visible: sends one client+server span pair (ending now) over OTLP/JSON and polls the dependency
 * map until both the edge and the callee's endpoint KPIs count it. Batch flush 1 s by default here (twice the
 * collector's 500 ms default, so a conservative figure), resolver tick 500 ms.
 */
export async function measureFreshness(samples: number, batchFlushMs = 1000) {
  const col = await startTestCollector({ batchFlushMs });
  const lat: number[] = [];
  const acks: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const end = Date.now();
      const traceId = hex(16);
      const clientId = hex(8);
      const ns = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
      const span = (service: string, s: Record<string, unknown>) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ spans: [s] }],
      });
      const body = {
        resourceSpans: [
          span('fresh-a', {
            traceId,
            spanId: clientId,
            name: 'GET',
            kind: 3,
            startTimeUnixNano: ns(end - 20),
            endTimeUnixNano: ns(end),
            attributes: [
              { key: 'http.request.method', value: { stringValue: 'GET' } },
              { key: 'server.address', value: { stringValue: 'fresh-b' } },
            ],
          }),
          span('fresh-b', {
            traceId,
            spanId: hex(8),
            parentSpanId: clientId,
            name: 'GET /x',
            kind: 2,
            startTimeUnixNano: ns(end - 19),
            endTimeUnixNano: ns(end - 1),
            attributes: [
              { key: 'http.request.method', value: { stringValue: 'GET' } },
              { key: 'http.route', value: { stringValue: '/x' } },
            ],
          }),
        ],
      };
      const res = await fetch(`${col.ingestUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${col.ingestKey}` },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`ingest ${res.status}`);
      acks.push(Date.now() - end);
      for (;;) {
        const m = (await (await fetch(`${col.apiUrl}/api/v1/dependency-map?from=${end - 600_000}&to=${Date.now()}`)).json()) as {
          nodes: Array<{ id: string; kpis: { calls: number } }>;
          edges: Array<{ source: string; target: string; calls: number }>;
        };
        const edge = m.edges.find((e) => e.source === 'fresh-a' && e.target === 'fresh-b')?.calls ?? 0;
        const node = m.nodes.find((x) => x.id === 'fresh-b')?.kpis.calls ?? 0;
        if (edge >= i + 1 && node >= i + 1) break;
        if (Date.now() - end > 30_000) throw new Error('call not visible after 30 s');
        await new Promise((r) => setTimeout(r, 25));
      }
      lat.push(Date.now() - end);
      await new Promise((r) => setTimeout(r, 137 * (i % 5)));
    }
  } finally {
    await col.destroy();
  }
  const pct = (xs: number[], q: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil(xs.length * q) - 1))];
  return { samples: lat, p50: pct(lat, 0.5), p95: pct(lat, 0.95), max: pct(lat, 1), ackP50: pct(acks, 0.5), ackP95: pct(acks, 0.95) };
}

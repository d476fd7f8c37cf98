import { readFileSync } from 'node:fs';
import { getJson } from './harness.js';

export const DEMO_SERVICES = ['storefront', 'gateway', 'catalog', 'checkout'];

/** The API lists all four demo services. */
export async function hasDemoServices(api: string): Promise<boolean> {
  const r = await getJson<{ services: Array<{ name: string }> }>(`${api}/services?from=${Date.now() - 600_000}`);
  const names = new Set(r?.services.map((s) => s.name));
  return DEMO_SERVICES.every((s) => names.has(s));
}

/** The dependency map has an edge between two demo services; returns it as "a -> b". */
export async function demoEdge(api: string): Promise<string | undefined> {
  const r = await getJson<{ edges: Array<{ source: string; target: string; calls: number }> }>(
    `${api}/dependency-map?from=${Date.now() - 600_000}`,
  );
  const edge = r?.edges.find(
    (e) => DEMO_SERVICES.includes(e.source) && DEMO_SERVICES.includes(e.target) && e.source !== e.target && e.calls > 0,
  );
  return edge ? `${edge.source} -> ${edge.target}` : undefined;
}

/** One stored trace holding spans of at least two demo services, linked parent to child. */
export async function crossServiceTrace(api: string): Promise<string[] | undefined> {
  const found = await getJson<{ spans: Array<{ traceId: string }> }>(`${api}/spans?service=catalog&limit=20&from=${Date.now() - 600_000}`);
  for (const { traceId } of found?.spans ?? []) {
    const trace = await getJson<{ spans: Array<{ service: string; spanId: string; parentSpanId: string }> }>(`${api}/traces/${traceId}`);
    if (!trace) continue;
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    const crossing = trace.spans.find((s) => s.parentSpanId && byId.get(s.parentSpanId) && byId.get(s.parentSpanId)!.service !== s.service);
    if (crossing) return [...new Set(trace.spans.map((s) => s.service))].sort();
  }
  return undefined;
}

export function hostEntityId(): string {
  return `host:${readFileSync('/etc/machine-id', 'utf8').trim()}`;
}

/** Host metrics of this machine at 1-second resolution: returns the number of consecutive 1-s points. */
export async function hostSecondPoints(api: string): Promise<number> {
  const to = Date.now();
  const r = await getJson<{ resolution: string; stepMs: number; series: Array<{ points: Array<{ t: number }> }> }>(
    `${api}/metrics?entity=${encodeURIComponent(hostEntityId())}&metric=system.cpu.load_average.1m&from=${to - 60_000}&to=${to}`,
  );
  if (!r || r.stepMs !== 1000) return 0;
  const times = (r.series[0]?.points ?? []).map((p) => p.t).sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 1; i < times.length; i++) {
    run = times[i] - times[i - 1] === 1000 ? run + 1 : 0;
    best = Math.max(best, run + 1);
  }
  return best;
}

/** Page loads recorded for the demo shop's website (real beacons from the headless visitor). */
export async function demoPageLoads(api: string): Promise<number> {
  const sites = await getJson<{ websites: Array<{ id: string; name: string }> }>(`${api}/websites`);
  const site = sites?.websites.find((w) => w.name === 'Argus demo shop');
  if (!site) return 0;
  const summary = await getJson<{ pageLoads: number }>(
    `${api}/websites/${site.id}/summary?from=${Date.now() - 600_000}&to=${Date.now() + 60_000}`,
  );
  return summary?.pageLoads ?? 0;
}

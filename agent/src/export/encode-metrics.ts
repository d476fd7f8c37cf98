/**
 * Turns 1-second samples into OTLP ExportMetricsServiceRequest messages. Every sample keeps its own data
 * point (timestamp = the tick it was taken for), so nothing is merged. Counters become cumulative monotonic
 * sums whose start time is when the agent first saw the series; gauges stay gauges. Point attributes named
 * in RESOURCE_ATTRIBUTE_KEYS are lifted into the resource, so one sensor can report several entities.
 */
import type { OtlpTypes } from '@argus/otlp';
import { RESOURCE_ATTRIBUTE_KEYS, type Attributes, type AttrValue, type MetricPoint } from '@argus/sensor-kit';

export interface Sample {
  /** ms since epoch of the tick this sample belongs to */
  time: number;
  resource: Attributes;
  scope: { name: string; version: string };
  metrics: MetricPoint[];
}

interface KeyValue { key: string; value: Record<string, unknown> }
interface OtlpMetric { name: string; unit: string; gauge?: { dataPoints: unknown[] }; sum?: { dataPoints: unknown[]; aggregationTemporality: number; isMonotonic: boolean } }

const LIFTED = new Set<string>(RESOURCE_ATTRIBUTE_KEYS);
const hasLifted = (a: Attributes) => {
  for (const k in a) if (LIFTED.has(k)) return true;
  return false;
};

const anyValue = (v: AttrValue): Record<string, unknown> =>
  typeof v === 'string' ? { stringValue: v }
  : typeof v === 'boolean' ? { boolValue: v }
  : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };

const toKeyValues = (a: Attributes): KeyValue[] => Object.keys(a).sort().map((key) => ({ key, value: anyValue(a[key]) }));
/** cheap identity of an attribute set (insertion order: a sensor builds a series' attributes the same way each time) */
const attrKey = (a: Attributes) => {
  let k = '';
  for (const name in a) k += `${name}\u0001${a[name]}\u0002`;
  return k;
};
/** fixed64 nanoseconds from ms without losing precision (doubles cannot hold ns since epoch exactly) */
const nanos = (ms: number) => {
  const ns = BigInt(Math.round(ms)) * 1_000_000n;
  return { low: Number(ns & 0xffffffffn) | 0, high: Number(ns >> 32n) | 0, unsigned: true };
};

export interface MetricsEncoder {
  /** encodes samples into requests of at most maxPoints data points; returns [protobuf bytes, points] pairs */
  encode(samples: Sample[], maxPoints: number): Array<{ body: Uint8Array; points: number }>;
}

export function createMetricsEncoder(types: OtlpTypes, opts: { seriesTtlMs?: number } = {}): MetricsEncoder {
  const seriesTtl = opts.seriesTtlMs ?? 600_000;
  /** series key -> [start time ms, last seen ms] */
  const starts = new Map<string, [number, number]>();
  /** attribute key -> encoded KeyValue list, reused every second (protobufjs only reads them) */
  const kvCache = new Map<string, { kv: KeyValue[]; seen: number }>();
  const resourceKeys = new WeakMap<Attributes, string>();
  let lastPrune = Date.now();
  const kvOf = (key: string, attrs: Attributes, now: number) => {
    let c = kvCache.get(key);
    if (!c) kvCache.set(key, (c = { kv: toKeyValues(attrs), seen: now }));
    c.seen = now;
    return c.kv;
  };
  const resourceKey = (r: Attributes) => {
    let k = resourceKeys.get(r);
    if (k === undefined) resourceKeys.set(r, (k = attrKey(r)));
    return k;
  };

  const startOf = (key: string, time: number) => {
    const s = starts.get(key);
    if (s) { if (time > s[1]) s[1] = time; return s[0]; }
    starts.set(key, [time - 1000, time]);
    return time - 1000;
  };
  const prune = (now: number) => {
    if (now - lastPrune < 60_000) return;
    lastPrune = now;
    for (const [k, s] of starts) if (now - s[1] > seriesTtl) starts.delete(k);
    for (const [k, c] of kvCache) if (now - c.seen > seriesTtl) kvCache.delete(k);
  };

  function build(samples: Sample[]): Uint8Array {
    const now = Date.now();
    const times = new Map<number, ReturnType<typeof nanos>>();
    const nanosOf = (ms: number) => {
      let n = times.get(ms);
      if (!n) times.set(ms, (n = nanos(ms)));
      return n;
    };
    const resources = new Map<string, { resource: Attributes; scopes: Map<string, { scope: Sample['scope']; metrics: Map<string, OtlpMetric> }> }>();
    for (const s of samples) {
      for (const m of s.metrics) {
        let resource = s.resource;
        let attrs: Attributes = m.attributes ?? {};
        let rk = resourceKey(s.resource);
        if (m.attributes && hasLifted(m.attributes)) {
          // entity attributes move to the resource; one resource object per distinct entity per request
          let lk = '';
          attrs = {};
          for (const k in m.attributes) {
            if (LIFTED.has(k)) lk += `${k}\u0001${m.attributes[k]}\u0002`;
            else attrs[k] = m.attributes[k];
          }
          rk += lk;
          const known = resources.get(rk);
          if (known) resource = known.resource;
          else {
            resource = { ...s.resource };
            for (const k in m.attributes) if (LIFTED.has(k)) resource[k] = m.attributes[k];
          }
        }
        let r = resources.get(rk);
        if (!r) resources.set(rk, (r = { resource, scopes: new Map() }));
        const sk = `${s.scope.name}@${s.scope.version}`;
        let sc = r.scopes.get(sk);
        if (!sc) r.scopes.set(sk, (sc = { scope: s.scope, metrics: new Map() }));
        const counter = m.kind === 'counter';
        const mk = `${m.name}|${counter ? 'c' : 'g'}|${m.unit ?? ''}`;
        let metric = sc.metrics.get(mk);
        if (!metric) {
          metric = counter
            ? { name: m.name, unit: m.unit ?? '', sum: { dataPoints: [], aggregationTemporality: 2, isMonotonic: true } }
            : { name: m.name, unit: m.unit ?? '', gauge: { dataPoints: [] } };
          sc.metrics.set(mk, metric);
        }
        const ak = attrKey(attrs);
        const point = {
          attributes: kvOf(ak, attrs, now),
          timeUnixNano: nanosOf(s.time),
          // gauges carry their own time as start: the collector's DateTime parser rejects a 0 start (see docs/agent.md)
          startTimeUnixNano: counter ? nanosOf(startOf(`${rk}|${mk}|${ak}`, s.time)) : nanosOf(s.time),
          asDouble: m.value,
        };
        (metric.sum ?? metric.gauge)!.dataPoints.push(point);
      }
    }
    const request = {
      resourceMetrics: [...resources].map(([rkey, r]) => ({
        resource: { attributes: kvOf(`r:${rkey}`, r.resource, now) },
        scopeMetrics: [...r.scopes.values()].map((sc) => ({
          scope: { name: `argus.sensor.${sc.scope.name}`, version: sc.scope.version },
          metrics: [...sc.metrics.values()],
        })),
      })),
    };
    return types.ExportMetricsServiceRequest.encode(request as never).finish();
  }

  return {
    encode(samples, maxPoints) {
      prune(Date.now());
      const out: Array<{ body: Uint8Array; points: number }> = [];
      let chunk: Sample[] = [];
      let points = 0;
      const emit = () => { if (chunk.length) out.push({ body: build(chunk), points }); chunk = []; points = 0; };
      for (const s of samples) {
        if (points > 0 && points + s.metrics.length > maxPoints) emit();
        chunk.push(s);
        points += s.metrics.length;
      }
      emit();
      return out;
    },
  };
}

/**
 * Turns 1-second samples into OTLP ExportMetricsServiceRequest messages. Every sample keeps its own data
 * point (timestamp = the tick it was taken for), so nothing is merged. Counters become cumulative monotonic
 * sums whose start time is when the agent first saw the series; gauges stay gauges. Point attributes named
 * in RESOURCE_ATTRIBUTE_KEYS are lifted into the resource, so one sensor can report several entities.
 */
import { RESOURCE_ATTRIBUTE_KEYS, type Attributes, type AttrValue, type MetricPoint } from '@argus/sensor-kit';
import { createProtoWriter, type ProtoWriter } from './proto-writer.js';

export interface Sample {
  /** ms since epoch of the tick this sample belongs to */
  time: number;
  resource: Attributes;
  scope: { name: string; version: string };
  metrics: MetricPoint[];
}

interface Point { attrs: Uint8Array; time: bigint; start: bigint; value: number }
interface OtlpMetric { name: string; unit: string; counter: boolean; points: Point[] }

const LIFTED = new Set<string>(RESOURCE_ATTRIBUTE_KEYS);
const hasLifted = (a: Attributes) => {
  for (const k in a) if (LIFTED.has(k)) return true;
  return false;
};

/** field numbers of opentelemetry/proto/{collector,metrics,common,resource}/v1 */
const F = {
  requestResourceMetrics: 1, resource: 1, resourceAttributes: 1, scopeMetrics: 2, scope: 1, scopeName: 1, scopeVersion: 2,
  metrics: 2, metricName: 1, metricUnit: 3, gauge: 5, sum: 7, dataPoints: 1, temporality: 2, monotonic: 3,
  pointAttributes: 7, startTime: 2, time: 3, asDouble: 4, kvKey: 1, kvValue: 2,
} as const;

const anyValue = (w: ProtoWriter, v: AttrValue) => {
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') { w.tag(2, 0); w.varint(v ? 1 : 0); }
  else if (Number.isInteger(v)) { w.tag(3, 0); w.int64(v); }
  else { w.tag(4, 1); w.double(v); }
};

/** a repeated KeyValue field (attributes sorted by key), encoded once and reused every second */
const encodeKeyValues = (w: ProtoWriter, field: number, a: Attributes): Uint8Array => {
  for (const key of Object.keys(a).sort()) {
    const kv = w.begin(field);
    w.string(F.kvKey, key);
    const val = w.begin(F.kvValue);
    anyValue(w, a[key]);
    w.end(val);
    w.end(kv);
  }
  return w.finish();
};
/** cheap identity of an attribute set (insertion order: a sensor builds a series' attributes the same way each time) */
const attrKey = (a: Attributes) => {
  let k = '';
  for (const name in a) k += `${name}\u0001${a[name]}\u0002`;
  return k;
};
/** fixed64 nanoseconds from ms (doubles cannot hold ns since epoch exactly) */
const nanos = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

export interface MetricsEncoder {
  /** encodes samples into requests of at most maxPoints data points; returns [protobuf bytes, points] pairs */
  encode(samples: Sample[], maxPoints: number): Array<{ body: Uint8Array; points: number }>;
}

export function createMetricsEncoder(opts: { seriesTtlMs?: number } = {}): MetricsEncoder {
  const seriesTtl = opts.seriesTtlMs ?? 600_000;
  /** series key -> [start time ms, last seen ms] */
  const starts = new Map<string, [number, number]>();
  /** attribute key -> encoded KeyValue fields, reused every second */
  const kvCache = new Map<string, { kv: Uint8Array; seen: number }>();
  const resourceKeys = new WeakMap<Attributes, string>();
  const w = createProtoWriter();
  const scratch = createProtoWriter(1024);
  let lastPrune = Date.now();
  const kvOf = (key: string, field: number, attrs: Attributes, now: number) => {
    let c = kvCache.get(key);
    if (!c) kvCache.set(key, (c = { kv: encodeKeyValues(scratch, field, attrs), seen: now }));
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
    const times = new Map<number, bigint>();
    const nanosOf = (ms: number) => {
      let n = times.get(ms);
      if (n === undefined) times.set(ms, (n = nanos(ms)));
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
        if (!metric) sc.metrics.set(mk, (metric = { name: m.name, unit: m.unit ?? '', counter, points: [] }));
        const ak = attrKey(attrs);
        const time = nanosOf(s.time);
        metric.points.push({
          attrs: kvOf(ak, F.pointAttributes, attrs, now),
          time,
          // gauges carry their own time as start: the collector's DateTime parser rejects a 0 start (see docs/agent.md)
          start: counter ? nanosOf(startOf(`${rk}|${mk}|${ak}`, s.time)) : time,
          value: m.value,
        });
      }
    }
    for (const [rkey, r] of resources) {
      const rm = w.begin(F.requestResourceMetrics);
      const res = w.begin(F.resource);
      w.raw(kvOf(`r:${rkey}`, F.resourceAttributes, r.resource, now));
      w.end(res);
      for (const sc of r.scopes.values()) {
        const sm = w.begin(F.scopeMetrics);
        const scope = w.begin(F.scope);
        w.string(F.scopeName, `argus.sensor.${sc.scope.name}`);
        if (sc.scope.version) w.string(F.scopeVersion, sc.scope.version);
        w.end(scope);
        for (const metric of sc.metrics.values()) {
          const me = w.begin(F.metrics);
          w.string(F.metricName, metric.name);
          if (metric.unit) w.string(F.metricUnit, metric.unit);
          const data = w.begin(metric.counter ? F.sum : F.gauge);
          for (const p of metric.points) {
            const dp = w.begin(F.dataPoints);
            w.raw(p.attrs);
            w.tag(F.startTime, 1); w.fixed64(p.start);
            w.tag(F.time, 1); w.fixed64(p.time);
            w.tag(F.asDouble, 1); w.double(p.value);
            w.end(dp);
          }
          if (metric.counter) {
            w.tag(F.temporality, 0); w.varint(2); // AGGREGATION_TEMPORALITY_CUMULATIVE
            w.tag(F.monotonic, 0); w.varint(1);
          }
          w.end(data);
          w.end(me);
        }
        w.end(sm);
      }
      w.end(rm);
    }
    return w.finish();
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

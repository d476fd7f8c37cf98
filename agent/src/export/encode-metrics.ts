/**
 * Turns 1-second samples into OTLP ExportMetricsServiceRequest messages. Every sample keeps its own data
 * point (timestamp = the tick it was taken for), so nothing is merged. Counters become cumulative monotonic
 * sums whose start time is when the agent first saw the series; gauges stay gauges. Point attributes named
 * in RESOURCE_ATTRIBUTE_KEYS are lifted into the resource, so one sensor can report several entities.
 */
import { RESOURCE_ATTRIBUTE_KEYS, type Attributes, type AttrValue, type MetricPoint } from '@argus/sensor-kit';
import { createProtoWriter, type ProtoWriter } from '@argus/otlp-wire';

export interface Sample {
  /** ms since epoch of the tick this sample belongs to */
  time: number;
  resource: Attributes;
  scope: { name: string; version: string };
  metrics: MetricPoint[];
}

/**
 * A data point as written: `head` is everything up to the time field that is constant for the series (the
 * DataPoint tag and length -- constant, three fixed 9-byte fields -- its attributes, and for counters the start
 * time), so a point costs three small copies and a double instead of a nested message.
 */
interface Point {
  head: Uint8Array;
  time: Uint8Array;
  gauge: boolean;
  value: number;
}
interface OtlpMetric {
  name: string;
  unit: string;
  counter: boolean;
  points: Point[];
}

const LIFTED = new Set<string>(RESOURCE_ATTRIBUTE_KEYS);
const hasLifted = (a: Attributes) => {
  for (const k in a) if (LIFTED.has(k)) return true;
  return false;
};

/** field numbers of opentelemetry/proto/{collector,metrics,common,resource}/v1 */
const F = {
  requestResourceMetrics: 1,
  resource: 1,
  resourceAttributes: 1,
  scopeMetrics: 2,
  scope: 1,
  scopeName: 1,
  scopeVersion: 2,
  metrics: 2,
  metricName: 1,
  metricUnit: 3,
  gauge: 5,
  sum: 7,
  dataPoints: 1,
  temporality: 2,
  monotonic: 3,
  pointAttributes: 7,
  startTime: 2,
  time: 3,
  asDouble: 4,
  kvKey: 1,
  kvValue: 2,
} as const;

/** opens length-delimited field `field` (closed with w.end) */
const open = (w: ProtoWriter, field: number): number => {
  w.tag(field, 2);
  return w.begin();
};
const str = (w: ProtoWriter, field: number, s: string) => {
  w.tag(field, 2);
  w.string(s);
};

const anyValue = (w: ProtoWriter, v: AttrValue) => {
  if (typeof v === 'string') {
    w.tag(1, 2);
    w.string(v);
  } else if (typeof v === 'boolean') {
    w.tag(2, 0);
    w.varint(v ? 1 : 0);
  } else if (Number.isInteger(v)) {
    w.tag(3, 0);
    w.varint(v); // negative values as int64 two's complement
  } else {
    w.tag(4, 1);
    w.double(v);
  }
};

/** a repeated KeyValue field (attributes sorted by key), encoded once and reused every second */
const encodeKeyValues = (w: ProtoWriter, field: number, a: Attributes): Uint8Array => {
  for (const key of Object.keys(a).sort()) {
    w.tag(field, 2);
    const kv = w.begin();
    w.tag(F.kvKey, 2);
    w.string(key);
    w.tag(F.kvValue, 2);
    const val = w.begin();
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

/** What one distinct point-attribute set of one resource turns into, computed once and reused every second. */
interface SeriesAttrs {
  /** resource key including the lifted entity attributes */
  rk: string;
  /** resource attributes with the lifted ones (only when some were lifted) */
  resource?: Attributes;
  /** encoded KeyValue fields of the remaining point attributes */
  kv: Uint8Array;
  /** counter name -> [start ms, last seen ms] */
  starts: Map<string, { start: number; last: number; head: Uint8Array }>;
  /** head of a gauge point (its start time is its own time, written per point) */
  gaugeHead?: Uint8Array;
  seen: number;
}

/** DataPoint tag + length, the attributes, and (counters) the start time field */
function pointHead(attrs: Uint8Array, startNanos: Uint8Array | undefined): Uint8Array {
  const len = attrs.length + 27; // three fixed64/double fields of 1 + 8 bytes
  const lenBytes: number[] = [];
  for (let v = len; ; v = Math.floor(v / 0x80)) {
    if (v < 0x80) {
      lenBytes.push(v);
      break;
    }
    lenBytes.push((v % 0x80) | 0x80);
  }
  const out = new Uint8Array(1 + lenBytes.length + attrs.length + (startNanos ? 9 : 0));
  out[0] = (F.dataPoints << 3) | 2;
  out.set(lenBytes, 1);
  out.set(attrs, 1 + lenBytes.length);
  if (startNanos) {
    out[out.length - 9] = (F.startTime << 3) | 1;
    out.set(startNanos, out.length - 8);
  }
  return out;
}

/** fixed64 little-endian bytes of ms since epoch in nanoseconds */
function nanosBytes(ms: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, nanos(ms), true);
  return b;
}

export function createMetricsEncoder(opts: { seriesTtlMs?: number } = {}): MetricsEncoder {
  const seriesTtl = opts.seriesTtlMs ?? 600_000;
  /** resource key -> point attribute key -> series attributes (lifting, encoding and start times done once) */
  const series = new Map<string, Map<string, SeriesAttrs>>();
  /** resource key -> encoded resource KeyValues */
  const kvCache = new Map<string, { kv: Uint8Array; seen: number }>();
  const resourceKeys = new WeakMap<Attributes, string>();
  const w = createProtoWriter();
  const scratch = createProtoWriter(1024);
  let lastPrune = Date.now();
  const resourceKv = (key: string, attrs: Attributes, now: number) => {
    let c = kvCache.get(key);
    if (!c) kvCache.set(key, (c = { kv: encodeKeyValues(scratch, F.resourceAttributes, attrs), seen: now }));
    c.seen = now;
    return c.kv;
  };
  const resourceKey = (r: Attributes) => {
    let k = resourceKeys.get(r);
    if (k === undefined) resourceKeys.set(r, (k = attrKey(r)));
    return k;
  };
  const seriesOf = (resource: Attributes, rk0: string, attrs: Attributes | undefined, now: number): SeriesAttrs => {
    let byAttrs = series.get(rk0);
    if (!byAttrs) series.set(rk0, (byAttrs = new Map<string, SeriesAttrs>()));
    const ak = attrs ? attrKey(attrs) : '';
    let sa = byAttrs.get(ak);
    if (!sa) {
      let rest: Attributes = attrs ?? {};
      let rk = rk0;
      let lifted: Attributes | undefined;
      if (attrs && hasLifted(attrs)) {
        // entity attributes move to the resource; one resource object per distinct entity per request
        rest = {};
        lifted = { ...resource };
        for (const k in attrs) {
          if (LIFTED.has(k)) {
            rk += `${k}\u0001${attrs[k]}\u0002`;
            lifted[k] = attrs[k];
          } else rest[k] = attrs[k];
        }
      }
      sa = { rk, resource: lifted, kv: encodeKeyValues(scratch, F.pointAttributes, rest), starts: new Map(), seen: now };
      byAttrs.set(ak, sa);
    }
    sa.seen = now;
    return sa;
  };
  /** head of a counter point: a series starts when the agent first saw it (again after seriesTtl unseen) */
  const counterHead = (sa: SeriesAttrs, name: string, time: number): Uint8Array => {
    let s = sa.starts.get(name);
    if (s && time - s.last <= seriesTtl) {
      if (time > s.last) s.last = time;
      return s.head;
    }
    s = { start: time - 1000, last: time, head: pointHead(sa.kv, nanosBytes(time - 1000)) };
    sa.starts.set(name, s);
    return s.head;
  };
  const prune = (now: number) => {
    if (now - lastPrune < 60_000) return;
    lastPrune = now;
    for (const [rk, byAttrs] of series) {
      for (const [k, sa] of byAttrs) if (now - sa.seen > seriesTtl) byAttrs.delete(k);
      if (!byAttrs.size) series.delete(rk);
    }
    for (const [k, c] of kvCache) if (now - c.seen > seriesTtl) kvCache.delete(k);
  };

  function build(samples: Sample[]): Uint8Array {
    const now = Date.now();
    const times = new Map<number, Uint8Array>();
    const nanosOf = (ms: number) => {
      let n = times.get(ms);
      if (n === undefined) times.set(ms, (n = nanosBytes(ms)));
      return n;
    };
    const resources = new Map<
      string,
      { resource: Attributes; scopes: Map<string, { scope: Sample['scope']; metrics: Map<string, OtlpMetric> }> }
    >();
    for (const s of samples) {
      const rk0 = resourceKey(s.resource);
      const sk = `${s.scope.name}@${s.scope.version}`;
      const time = nanosOf(s.time);
      for (const m of s.metrics) {
        const sa = seriesOf(s.resource, rk0, m.attributes, now);
        let r = resources.get(sa.rk);
        if (!r) resources.set(sa.rk, (r = { resource: sa.resource ?? s.resource, scopes: new Map() }));
        let sc = r.scopes.get(sk);
        if (!sc) r.scopes.set(sk, (sc = { scope: s.scope, metrics: new Map() }));
        const counter = m.kind === 'counter';
        const mk = `${m.name}|${counter ? 'c' : 'g'}|${m.unit ?? ''}`;
        let metric = sc.metrics.get(mk);
        if (!metric) sc.metrics.set(mk, (metric = { name: m.name, unit: m.unit ?? '', counter, points: [] }));
        metric.points.push({
          // gauges carry their own time as start: the collector's DateTime parser rejects a 0 start (see docs/agent.md)
          head: counter ? counterHead(sa, mk, s.time) : (sa.gaugeHead ??= pointHead(sa.kv, undefined)),
          time,
          gauge: !counter,
          value: m.value,
        });
      }
    }
    for (const [rkey, r] of resources) {
      const rm = open(w, F.requestResourceMetrics);
      const res = open(w, F.resource);
      w.raw(resourceKv(rkey, r.resource, now));
      w.end(res);
      for (const sc of r.scopes.values()) {
        const sm = open(w, F.scopeMetrics);
        const scope = open(w, F.scope);
        str(w, F.scopeName, `argus.sensor.${sc.scope.name}`);
        if (sc.scope.version) str(w, F.scopeVersion, sc.scope.version);
        w.end(scope);
        for (const metric of sc.metrics.values()) {
          const me = open(w, F.metrics);
          str(w, F.metricName, metric.name);
          if (metric.unit) str(w, F.metricUnit, metric.unit);
          const data = open(w, metric.counter ? F.sum : F.gauge);
          for (const p of metric.points) {
            w.raw(p.head);
            if (p.gauge) {
              w.tag(F.startTime, 1);
              w.raw(p.time);
            }
            w.tag(F.time, 1);
            w.raw(p.time);
            w.tag(F.asDouble, 1);
            w.double(p.value);
          }
          if (metric.counter) {
            w.tag(F.temporality, 0);
            w.varint(2); // AGGREGATION_TEMPORALITY_CUMULATIVE
            w.tag(F.monotonic, 0);
            w.varint(1);
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
      const emit = () => {
        if (chunk.length) out.push({ body: build(chunk), points });
        chunk = [];
        points = 0;
      };
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

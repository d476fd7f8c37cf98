import { createProtoWriter, WIRE, type ProtoWriter } from '@argus/otlp-wire';
import type { TracerLog } from '../log.js';
import type { MetricData } from '../runtime-metrics/index.js';
import { TRACER_VERSION } from '../version.js';
import { writeAttributes } from './attributes.js';
import type { EncoderResource } from './span-encoder.js';
import type { Transport } from './transport.js';

const { LEN, VARINT, I64 } = WIRE;

/** fixed64 Unix nanoseconds of epoch milliseconds */
function writeMs(w: ProtoWriter, ms: number): void {
  const ns = BigInt(Math.round(ms)) * 1_000_000n;
  w.fixed64(Number(ns & 0xffffffffn), Number(ns >> 32n));
}

/**
 * Encodes one collection as an OTLP ExportMetricsServiceRequest (one resource, scope `@argus/nodejs`): gauges,
 * and counters as cumulative monotonic sums starting when the tracer started. Values as double.
 */
export function createMetricsEncoder(resource: EncoderResource, startMs: number): (metrics: MetricData[], atMs: number) => Buffer {
  const w = createProtoWriter(16 * 1024);
  w.tag(1, LEN);
  const r = w.begin();
  writeAttributes(w, 1, resource.attributes, Infinity);
  w.end(r);
  const resourceBytes = w.finish();
  return (metrics, atMs) => {
    w.tag(1, LEN);
    const rm = w.begin();
    w.raw(resourceBytes);
    w.tag(2, LEN);
    const sm = w.begin();
    w.tag(1, LEN);
    const scope = w.begin();
    w.tag(1, LEN);
    w.string('@argus/nodejs');
    w.tag(2, LEN);
    w.string(TRACER_VERSION);
    w.end(scope);
    for (const m of metrics) {
      w.tag(2, LEN);
      const me = w.begin();
      w.tag(1, LEN);
      w.string(m.name);
      w.tag(2, LEN);
      w.string(m.description);
      w.tag(3, LEN);
      w.string(m.unit);
      const counter = m.kind === 'counter';
      w.tag(counter ? 7 : 5, LEN);
      const data = w.begin();
      for (const p of m.points) {
        w.tag(1, LEN);
        const dp = w.begin();
        if (p.attributes) writeAttributes(w, 7, p.attributes, Infinity);
        w.tag(2, I64);
        writeMs(w, counter ? startMs : atMs);
        w.tag(3, I64);
        writeMs(w, atMs);
        w.tag(4, I64);
        w.double(p.value);
        w.end(dp);
      }
      if (counter) {
        w.tag(2, VARINT);
        w.varint(2); // AGGREGATION_TEMPORALITY_CUMULATIVE
        w.tag(3, VARINT);
        w.varint(1);
      }
      w.end(data);
      w.end(me);
    }
    w.end(sm);
    if (resource.schemaUrl) {
      w.tag(3, LEN);
      w.string(resource.schemaUrl);
    }
    w.end(rm);
    return w.finish();
  };
}

export interface MetricsExporter {
  /** collects and sends now; resolves when the request settled */
  flush(): Promise<void>;
  stop(): void;
}

/**
 * Runtime metrics every `intervalMs` on an unref'd timer, one request at a time (a collection that finds the
 * previous request still in flight is skipped: the counters are cumulative, the next one carries the totals).
 * `onTick` runs first on every interval (the span clock's resync). `atStart`, when given, is sent once, right away: the
 * tracer's own counters at zero, so that what its first interval counts is an increase from a stored base.
 */
export function startMetricsExporter(
  collect: () => MetricData[],
  encode: (metrics: MetricData[], atMs: number) => Buffer,
  transport: Transport,
  intervalMs: number,
  log: TracerLog,
  onTick: () => void,
  atStart?: () => MetricData[],
): MetricsExporter {
  let inFlight: Promise<void> | undefined;
  const once = (source = collect): Promise<void> => {
    if (inFlight) return inFlight;
    let body: Buffer;
    try {
      body = encode(source(), Date.now());
    } catch (err) {
      log.warnOnce('METRICS_FAILED', `runtime metrics could not be collected: ${(err as Error).message}`);
      return Promise.resolve();
    }
    inFlight = transport.post('/v1/metrics', body).then((r) => {
      inFlight = undefined;
      if (!r.ok) log.warnOnce('METRICS_EXPORT_FAILED', `runtime metrics export failed: ${r.error.message}`);
    });
    return inFlight;
  };
  if (atStart) void once(atStart);
  const timer = setInterval(() => {
    onTick();
    void once();
  }, intervalMs);
  timer.unref();
  return {
    flush: () => once(),
    stop: () => clearInterval(timer),
  };
}

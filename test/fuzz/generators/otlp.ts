/**
 * Structure-aware OTLP inputs: fast-check arbitraries of ExportTrace/Metrics/LogsServiceRequest objects (edge-case
 * ids, times at the limits, every value kind, the attribute names the collector promotes), encoded by protobufjs
 * or written as OTLP/JSON.
 */
import { loadOtlpTypes, type OtlpTypes } from '@argus/otlp';
import fc from 'fast-check';

export const otlpTypes: OtlpTypes = loadOtlpTypes();

const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const nanos = fc.oneof(
  fc.constantFrom('0', '1', '18446744073709551615', '9223372036854775807', '9223372036854775808', '4294967296000000000'),
  fc.bigInt({ min: NOW_NS - 10n ** 13n, max: NOW_NS + 10n ** 13n }).map(String),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
);
const id = (len: number) =>
  fc.oneof(
    { arbitrary: fc.uint8Array({ minLength: len, maxLength: len }), weight: 8 },
    { arbitrary: fc.constant(new Uint8Array(len)), weight: 1 },
    { arbitrary: fc.uint8Array({ maxLength: 20 }), weight: 1 },
  );

const KEYS = [
  'service.name',
  'service.version',
  'service.instance.id',
  'host.name',
  'host.id',
  'process.pid',
  'container.id',
  'k8s.pod.uid',
  'argus.entity.id',
  'http.method',
  'http.request.method',
  'http.route',
  'http.status_code',
  'http.response.status_code',
  'url.path',
  'url.full',
  'http.url',
  'http.target',
  'server.address',
  'server.port',
  'db.system',
  'db.system.name',
  'db.statement',
  'db.query.text',
  'db.operation',
  'db.collection.name',
  'messaging.system',
  'messaging.destination.name',
  'rpc.service',
  'rpc.method',
  'peer.service',
  'exception.message',
  'reason',
  'argus.tracer.spans.dropped',
];
const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', '\t', '\n', '\\', "'", '\0', '\\N', 'GET', '/users/:id', 'postgresql', 'a\tb\nc\\d'),
);
const key = fc.oneof({ arbitrary: fc.constantFrom(...KEYS), weight: 3 }, { arbitrary: text, weight: 1 });

type Any = Record<string, unknown>;
const { anyValue } = fc.letrec<{ anyValue: Any; kv: Any }>((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)) }),
    fc.record({ doubleValue: fc.double() }),
    fc.record({ bytesValue: fc.uint8Array({ maxLength: 16 }) }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('kv'), { maxLength: 3 }) }) }),
    fc.constant({}),
  ),
  kv: fc.record({ key, value: tie('anyValue') }, { requiredKeys: ['key'] }),
}));
const kv = fc.record({ key, value: anyValue }, { requiredKeys: ['key'] });
const attributes = fc.array(kv, { maxLength: 6 });
const resource = fc.record({ attributes, droppedAttributesCount: fc.nat(3) }, { requiredKeys: [] });
const scope = fc.record({ name: text, version: text, attributes }, { requiredKeys: [] });

const span = fc.record(
  {
    traceId: id(16),
    spanId: id(8),
    parentSpanId: fc.oneof(fc.constant(new Uint8Array(0)), id(8)),
    traceState: text,
    name: text,
    kind: fc.integer({ min: 0, max: 7 }),
    startTimeUnixNano: nanos,
    endTimeUnixNano: nanos,
    attributes,
    events: fc.array(fc.record({ timeUnixNano: nanos, name: text, attributes }, { requiredKeys: [] }), { maxLength: 2 }),
    links: fc.array(fc.record({ traceId: id(16), spanId: id(8), traceState: text, attributes }, { requiredKeys: [] }), { maxLength: 2 }),
    status: fc.record({ code: fc.integer({ min: 0, max: 3 }), message: text }, { requiredKeys: [] }),
    flags: fc.nat(),
  },
  { requiredKeys: ['traceId', 'spanId'] },
);

export const traceRequest = fc.record({
  resourceSpans: fc.array(
    fc.record({ resource, scopeSpans: fc.array(fc.record({ scope, spans: fc.array(span, { maxLength: 4 }) }), { maxLength: 2 }) }),
    { maxLength: 2 },
  ),
});

const numberPoint = fc.record(
  {
    attributes,
    startTimeUnixNano: nanos,
    timeUnixNano: nanos,
    asDouble: fc.double(),
    asInt: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
    flags: fc.nat(3),
  },
  { requiredKeys: [] },
);
const counts = fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String), { maxLength: 6 });
const histPoint = fc.record(
  {
    attributes,
    startTimeUnixNano: nanos,
    timeUnixNano: nanos,
    count: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
    sum: fc.double(),
    min: fc.double(),
    max: fc.double(),
    bucketCounts: counts,
    explicitBounds: fc.array(fc.double(), { maxLength: 5 }),
  },
  { requiredKeys: [] },
);
const expPoint = fc.record(
  {
    attributes,
    timeUnixNano: nanos,
    count: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
    sum: fc.double(),
    scale: fc.integer({ min: -100, max: 100 }),
    zeroCount: fc.nat().map(String),
    positive: fc.record({ offset: fc.integer(), bucketCounts: counts }, { requiredKeys: [] }),
    negative: fc.record({ offset: fc.integer(), bucketCounts: counts }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const summaryPoint = fc.record(
  {
    attributes,
    timeUnixNano: nanos,
    count: fc.nat().map(String),
    sum: fc.double(),
    quantileValues: fc.array(fc.record({ quantile: fc.double(), value: fc.double() }, { requiredKeys: [] }), { maxLength: 4 }),
  },
  { requiredKeys: [] },
);
const temporality = fc.integer({ min: 0, max: 3 });
/** the tracer's own counters are read by name (agent intake, collector's drop counter): generated as well as random names */
const metricName = fc.oneof(
  { arbitrary: fc.constantFrom('argus.tracer.spans.exported', 'argus.tracer.spans.dropped'), weight: 1 },
  { arbitrary: text, weight: 3 },
);
const metric = fc
  .record(
    {
      name: metricName,
      unit: text,
      description: text,
      data: fc.oneof(
        fc.record({ gauge: fc.record({ dataPoints: fc.array(numberPoint, { maxLength: 3 }) }) }),
        fc.record({
          sum: fc.record({
            dataPoints: fc.array(numberPoint, { maxLength: 3 }),
            aggregationTemporality: temporality,
            isMonotonic: fc.boolean(),
          }),
        }),
        fc.record({ histogram: fc.record({ dataPoints: fc.array(histPoint, { maxLength: 3 }), aggregationTemporality: temporality }) }),
        fc.record({
          exponentialHistogram: fc.record({ dataPoints: fc.array(expPoint, { maxLength: 2 }), aggregationTemporality: temporality }),
        }),
        fc.record({ summary: fc.record({ dataPoints: fc.array(summaryPoint, { maxLength: 2 }) }) }),
        fc.constant({}),
      ),
    },
    { requiredKeys: ['data'] },
  )
  .map(({ data, ...m }) => ({ ...m, ...data }));

export const metricsRequest = fc.record({
  resourceMetrics: fc.array(
    fc.record({ resource, scopeMetrics: fc.array(fc.record({ scope, metrics: fc.array(metric, { maxLength: 4 }) }), { maxLength: 2 }) }),
    { maxLength: 2 },
  ),
});

const logRecord = fc.record(
  {
    timeUnixNano: nanos,
    observedTimeUnixNano: nanos,
    severityNumber: fc.integer({ min: -1, max: 30 }),
    severityText: text,
    body: anyValue,
    attributes,
    flags: fc.nat(),
    traceId: id(16),
    spanId: id(8),
    eventName: text,
  },
  { requiredKeys: [] },
);

export const logsRequest = fc.record({
  resourceLogs: fc.array(
    fc.record({ resource, scopeLogs: fc.array(fc.record({ scope, logRecords: fc.array(logRecord, { maxLength: 4 }) }), { maxLength: 2 }) }),
    { maxLength: 2 },
  ),
});

export type Signal = 'traces' | 'metrics' | 'logs';
const TYPE = {
  traces: otlpTypes.ExportTraceServiceRequest,
  metrics: otlpTypes.ExportMetricsServiceRequest,
  logs: otlpTypes.ExportLogsServiceRequest,
};
export const requestArb = { traces: traceRequest, metrics: metricsRequest, logs: logsRequest };

/** protobuf bytes of a request object (protobufjs) */
export function encodeProtobuf(signal: Signal, obj: object): Buffer {
  const T = TYPE[signal];
  return Buffer.from(T.encode(T.fromObject(obj)).finish());
}

const HEX_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
/** OTLP/JSON of a request object: hex ids, base64 bytes, int64 as strings, integer enums */
export function encodeJson(signal: Signal, obj: object): Buffer {
  const T = TYPE[signal];
  const plain = T.toObject(T.fromObject(obj), { longs: String, bytes: String, enums: Number, defaults: false });
  return Buffer.from(
    JSON.stringify(plain, (k, v: unknown) => (HEX_FIELDS.has(k) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v)),
  );
}

export const protobufInput = (signal: Signal) => requestArb[signal].map((o) => encodeProtobuf(signal, o));
export const jsonInput = (signal: Signal) => requestArb[signal].map((o) => encodeJson(signal, o));

/** field tags and fragments worth splicing into protobuf bodies */
export const PROTOBUF_DICTIONARY: readonly Buffer[] = [
  [0x0a, 0x00],
  [0x12, 0x00],
  [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0x39, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x41, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x0b],
  [0x0c],
  [0x2a, 0x02, 0x2a, 0x00],
].map((b) => Buffer.from(b));

export const JSON_DICTIONARY: readonly Buffer[] = [
  '{',
  '}',
  '[',
  ']',
  '"resourceSpans":[',
  '"scopeSpans":[',
  '"spans":[',
  '"traceId":"',
  '"startTimeUnixNano":"18446744073709551615"',
  '"endTimeUnixNano":1e400',
  '"intValue":"-9223372036854775809"',
  '"kind":"SPAN_KIND_SERVER"',
  'null',
  '"__proto__":{}',
  '"constructor":1',
  '1e999',
  '-0',
  '"\\ud800"',
].map((s) => Buffer.from(s));

const varint = (n: number) => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
};
/** a length-delimited field */
const ld = (field: number, ...parts: Buffer[]) => {
  const inner = Buffer.concat(parts);
  return Buffer.concat([varint((field << 3) | 2), varint(inner.length), inner]);
};
const fixed64 = (field: number, v: bigint) => {
  const b = Buffer.alloc(9);
  b[0] = (field << 3) | 1;
  b.writeBigUInt64LE(v, 1);
  return b;
};
const str = (field: number, v: string) => ld(field, Buffer.from(v));

/**
 * A request whose one attribute value (and log body) nests `depth` arrays or key-value lists (OTLP allows any
 * depth), written by hand: protobufjs and JSON.stringify themselves give up on deep values. Recursion in a
 * decoder or row builder must end in a 400, not a stack overflow.
 */
export function deepBody(signal: Signal, format: 'protobuf' | 'json', depth: number, kvlist: boolean): Buffer {
  if (format === 'json') {
    const open = kvlist ? '{"kvlistValue":{"values":[{"key":"k","value":' : '{"arrayValue":{"values":[';
    const close = kvlist ? '}]}}' : ']}}';
    const value = `${open.repeat(depth)}{"stringValue":"leaf"}${close.repeat(depth)}`;
    const attrs = `"attributes":[{"key":"deep","value":${value}}]`;
    const res = '"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"deep"}}]}';
    const t = `"${NOW_NS}"`;
    const item =
      signal === 'traces'
        ? `"scopeSpans":[{"spans":[{"traceId":"${'01'.repeat(16)}","spanId":"${'01'.repeat(8)}","name":"s","startTimeUnixNano":${t},"endTimeUnixNano":${t},${attrs}}]}]`
        : signal === 'metrics'
          ? `"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":${t},"asDouble":1,${attrs}}]}}]}]`
          : `"scopeLogs":[{"logRecords":[{"timeUnixNano":${t},"body":${value},${attrs}}]}]`;
    const top = signal === 'traces' ? 'resourceSpans' : signal === 'metrics' ? 'resourceMetrics' : 'resourceLogs';
    return Buffer.from(`{"${top}":[{${res},${item}}]}`);
  }
  // built inside out with one copy at the end (wrapping with ld() level by level copies depth^2 bytes)
  const leaf = str(1, 'leaf'); // AnyValue.string_value
  const headers: Buffer[] = [];
  let len = leaf.length;
  const open = (field: number, before = Buffer.alloc(0)) => {
    const h = Buffer.concat([varint((field << 3) | 2), varint(before.length + len), before]);
    headers.push(h);
    len += h.length;
  };
  for (let i = 0; i < depth; i++) {
    if (kvlist) {
      open(2); // KeyValue.value
      open(1, str(1, 'k')); // KeyValueList.values
      open(6); // AnyValue.kvlist_value
    } else {
      open(1); // ArrayValue.values
      open(5); // AnyValue.array_value
    }
  }
  const value = Buffer.concat([...headers.reverse(), leaf]);
  const kv = Buffer.concat([str(1, 'deep'), ld(2, value)]);
  const resource = ld(1, ld(1, str(1, 'service.name'), ld(2, str(1, 'deep'))));
  if (signal === 'traces') {
    const span = Buffer.concat([
      ld(1, Buffer.alloc(16, 1)),
      ld(2, Buffer.alloc(8, 1)),
      str(5, 's'),
      fixed64(7, NOW_NS),
      fixed64(8, NOW_NS),
      ld(9, kv),
    ]);
    return ld(1, resource, ld(2, ld(2, span)));
  }
  if (signal === 'metrics') {
    const point = Buffer.concat([ld(7, kv), fixed64(3, NOW_NS), Buffer.from([0x21, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f])]);
    return ld(1, resource, ld(2, ld(2, str(1, 'm'), ld(5, ld(1, point)))));
  }
  const record = Buffer.concat([fixed64(1, NOW_NS), ld(5, value), ld(6, kv)]);
  return ld(1, resource, ld(2, ld(2, record)));
}

export const deepInput = (signal: Signal, format: 'protobuf' | 'json') =>
  fc.tuple(fc.integer({ min: 50, max: 20_000 }), fc.boolean()).map(([depth, kvlist]) => deepBody(signal, format, depth, kvlist));

const TOP_FIELD = { traces: 'resourceSpans', metrics: 'resourceMetrics', logs: 'resourceLogs' } as const;

/** About 1 MiB of generated requests merged into one (protobuf: concatenated messages merge their repeated fields). */
export function bigRequest(signal: Signal, format: 'protobuf' | 'json', bytes = 1024 * 1024): Buffer {
  const parts: object[] = [];
  let size = 0;
  for (let seed = 1; size < bytes; seed++) {
    for (const o of fc.sample<object>(requestArb[signal], { numRuns: 50, seed })) {
      parts.push(o);
      size += encodeProtobuf(signal, o).length;
      if (size >= bytes) break;
    }
  }
  if (format === 'protobuf') return Buffer.concat(parts.map((o) => encodeProtobuf(signal, o)));
  const field = TOP_FIELD[signal];
  return encodeJson(signal, { [field]: parts.flatMap((o) => (o as Record<string, unknown[]>)[field]) });
}

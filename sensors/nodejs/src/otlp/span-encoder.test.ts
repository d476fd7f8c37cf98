import { loadOtlpTypes } from '@argus/otlp';
import { SpanKind, SpanStatusCode, type Attributes, type Link, type TraceState } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenResource, goldenScopes, goldenSpans } from '../../../../common/otlp-wire/testing/golden-inputs.js';
import { createClock, type Clock } from '../lean/clock.js';
import { LeanSpan } from '../lean/span.js';
import { createLeanTracerProvider } from '../lean/tracer.js';
import { createSpanEncoder } from './span-encoder.js';

const golden = JSON.parse(readFileSync(new URL('../../../../common/otlp-wire/testing/golden.json', import.meta.url), 'utf8')) as {
  traces: Array<{ bytes: number; sha256: string }>;
};
const sha = (b: Buffer) => ({ bytes: b.length, sha256: createHash('sha256').update(b).digest('hex') });
const state = (s: string | undefined): TraceState | undefined => (s ? ({ serialize: () => s } as TraceState) : undefined);
const types = loadOtlpTypes();
const KINDS = [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER];
const STATUS = [SpanStatusCode.UNSET, SpanStatusCode.OK, SpanStatusCode.ERROR];

/** a clock whose "performance times" are indexes into a table of exact [seconds, nanos] */
function tableClock(times: Array<[number, number]>): Clock {
  return {
    now: () => 0,
    fromInput: () => 0,
    nanos(i, out) {
      const [s, n] = times[i];
      const ns = BigInt(s) * 1_000_000_000n + BigInt(n);
      out.lo = Number(ns & 0xffffffffn);
      out.hi = Number(ns >> 32n);
    },
    resync() {},
  };
}

function decode(body: Buffer) {
  return types.ExportTraceServiceRequest.toObject(types.ExportTraceServiceRequest.decode(body), {
    longs: String,
    bytes: String,
    defaults: false,
  }) as {
    resourceSpans: Array<{ scopeSpans: Array<{ scope: { name: string }; spans: Array<Record<string, any>> }> }>;
  };
}

const attrMap = (kvs: Array<{ key: string; value: Record<string, unknown> }> = []) =>
  Object.fromEntries(kvs.map((kv) => [kv.key, Object.values(kv.value)[0]]));

describe('span encoder', () => {
  it('writes byte for byte what the previous encoder (its own writer, ReadableSpans) wrote for the same spans', () => {
    const times: Array<[number, number]> = [];
    const at = (t: [number, number]) => times.push(t) - 1;
    const core = { clock: tableClock(times), ids: { generateTraceId: () => '', generateSpanId: () => '' }, sink: { onEnd() {} } };
    const provider = createLeanTracerProvider(core);
    const tracers = goldenScopes.map((s) => provider.getTracer(s.name, s.version, { schemaUrl: s.schemaUrl }));
    const bodies: Buffer[] = [];
    for (const count of [undefined, 5]) {
      const encoder = createSpanEncoder(goldenResource, core.clock, { headersCaptured: false });
      for (const g of goldenSpans().slice(0, count)) {
        const span = new LeanSpan(
          tracers[g.scope],
          g.name,
          KINDS[g.kind],
          g.traceId,
          g.spanId,
          g.parentSpanId,
          g.parentRemote === true && g.parentSpanId !== undefined,
          state(g.traceState),
          g.attributes,
          g.links?.length
            ? g.links.map((l): Link => ({
                context: { traceId: l.traceId, spanId: l.spanId, traceFlags: 1, isRemote: l.remote, traceState: state(l.traceState) },
                attributes: l.attributes,
              }))
            : undefined,
          at(g.start),
        );
        span.endMs = at(g.end);
        span.events = g.events?.length
          ? g.events.map((e) => ({ name: e.name, attributes: e.attributes as Attributes, time: at(e.time) }))
          : undefined;
        span.statusCode = STATUS[g.status?.code ?? 0];
        span.statusMessage = g.status?.message;
        tracers[g.scope].ended.push(span);
      }
      encoder.append(tracers);
      bodies.push(encoder.take());
    }
    expect(bodies.map(sha)).toEqual(golden.traces);
  });

  it('keeps the last value of a key, drops invalid values and empty keys, caps at 128 attributes', () => {
    const clock = createClock();
    const provider = createLeanTracerProvider({
      clock,
      ids: { generateTraceId: () => 'ab'.repeat(16), generateSpanId: () => 'cd'.repeat(8) },
      sink: { onEnd() {} },
    });
    const tracer = provider.getTracer('t');
    const start = { a: 1, b: 'x', bad: { nested: true }, mixed: [1, 'x'], '': 'empty key', keep: [1, null, 3] };
    const span = tracer.start('s', { attributes: start })!;
    span.setAttribute('a', 2);
    span.setAttribute('c', true);
    span.setAttribute('c', false);
    span.setAttributes({ d: 1.5, e: undefined });
    span.setAttribute('a', 3);
    span.end();
    const wide = tracer.start('wide')!;
    for (let i = 0; i < 1000; i++) wide.setAttribute(`k${i % 200}`, i);
    wide.end();
    tracer.ended.push(span, wide);
    const encoder = createSpanEncoder({ attributes: { 'service.name': 's' } }, clock, { headersCaptured: false });
    expect(encoder.append(provider.tracers)).toBe(2);
    const [s1, s2] = decode(encoder.take()).resourceSpans[0].scopeSpans[0].spans;
    expect(attrMap(s1.attributes)).toEqual({
      a: '3',
      b: 'x',
      keep: { values: [{ intValue: '1' }, {}, { intValue: '3' }] },
      c: false,
      d: 1.5,
    });
    expect(Object.keys(attrMap(s2.attributes))).toHaveLength(128);
    expect(s2.droppedAttributesCount).toBe(200 - 128);
    expect(attrMap(s2.attributes).k0).toBe('800');
  });

  it('encodes keys from its key cache and keys beyond the cache alike, redaction included; upper-case hex ids', () => {
    const clock = createClock();
    const provider = createLeanTracerProvider({
      clock,
      ids: { generateTraceId: () => 'AB'.repeat(16), generateSpanId: () => 'Cd'.repeat(8) },
      sink: { onEnd() {} },
    });
    const tracer = provider.getTracer('t');
    const encoder = createSpanEncoder({ attributes: {} }, clock, { headersCaptured: false });
    // 12 spans x 101 distinct keys: the cache (1024 keys) fills up during the 11th span
    const want = Array.from({ length: 12 }, (_, i) => {
      const attrs: Record<string, string | number> = { 'url.query': 'session=REDACTED' };
      for (let k = 0; k < 100; k++) attrs[`app.key.${i}.${k}`] = `v${k}`;
      return attrs;
    });
    for (let round = 0; round < 2; round++) {
      for (const attrs of want) {
        const span = tracer.start('s', { attributes: { ...attrs, 'url.query': 'token=t' } })!;
        span.setAttribute('url.query', 'session=s');
        span.end();
        tracer.ended.push(span);
      }
      expect(encoder.append(provider.tracers)).toBe(12);
      const spans = decode(encoder.take()).resourceSpans[0].scopeSpans[0].spans;
      expect(spans.map((s) => attrMap(s.attributes))).toEqual(want);
      expect(Buffer.from(spans[11].traceId as string, 'base64').toString('hex')).toBe('ab'.repeat(16));
      expect(Buffer.from(spans[11].spanId as string, 'base64').toString('hex')).toBe('cd'.repeat(8));
    }
  });

  it('redacts URL query values, SQL literals and credential headers at encode time', () => {
    const clock = createClock();
    const provider = createLeanTracerProvider({
      clock,
      ids: { generateTraceId: () => 'ab'.repeat(16), generateSpanId: () => 'cd'.repeat(8) },
      sink: { onEnd() {} },
    });
    const tracer = provider.getTracer('t');
    const http = tracer.start('GET', {
      attributes: { 'url.full': 'http://u:p@h/a?token=abc&x=1', 'url.query': 'secret=s' },
    })!;
    http.setAttribute('http.request.header.authorization', ['Bearer abc']);
    http.setAttribute('http.request.header.accept', ['text/html']);
    http.end();
    const sql = tracer.start('q', { attributes: { 'db.query.text': "SELECT * FROM t WHERE a = 'x' AND b = 42" } })!;
    sql.setAttribute('db.system.name', 'postgresql');
    sql.end();
    const redis = tracer.start('get', { attributes: { 'db.system': 'redis', 'db.statement': 'get 42' } })!;
    redis.end();
    tracer.ended.push(http, sql, redis);
    const encoder = createSpanEncoder({ attributes: {} }, clock, { headersCaptured: true });
    encoder.append(provider.tracers);
    const spans = decode(encoder.take()).resourceSpans[0].scopeSpans[0].spans.map((s) => attrMap(s.attributes));
    expect(spans[0]).toEqual({
      'url.full': 'http://REDACTED:REDACTED@h/a?token=REDACTED&x=1',
      'url.query': 'secret=REDACTED',
      'http.request.header.authorization': { values: [{ stringValue: 'REDACTED' }] },
      'http.request.header.accept': { values: [{ stringValue: 'text/html' }] },
    });
    expect(spans[1]['db.query.text']).toBe('SELECT * FROM t WHERE a = ? AND b = ?');
    expect(spans[2]['db.statement']).toBe('get 42');
  });

  it('writes times in Unix nanoseconds, events, links, status and the remote-parent flag', () => {
    const clock = createClock();
    const provider = createLeanTracerProvider({
      clock,
      ids: { generateTraceId: () => 'ab'.repeat(16), generateSpanId: () => 'cd'.repeat(8) },
      sink: { onEnd() {} },
    });
    const tracer = provider.getTracer('t', '1.0');
    const before = Date.now();
    const span = tracer.start('op', {
      kind: SpanKind.CLIENT,
      links: [{ context: { traceId: '12'.repeat(16), spanId: '34'.repeat(8), traceFlags: 1 } }],
    })!;
    span.recordException(new TypeError('boom'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'failed' });
    span.setStatus({ code: SpanStatusCode.UNSET });
    span.end();
    const after = Date.now();
    tracer.ended.push(span);
    const encoder = createSpanEncoder({ attributes: {} }, clock, { headersCaptured: false });
    encoder.append(provider.tracers);
    const out = decode(encoder.take()).resourceSpans[0].scopeSpans[0];
    expect(out.scope).toEqual({ name: 't', version: '1.0' });
    const s = out.spans[0];
    expect(s.kind).toBe(3);
    expect(Number(BigInt(s.startTimeUnixNano) / 1_000_000n)).toBeGreaterThanOrEqual(before - 3);
    expect(Number(BigInt(s.endTimeUnixNano) / 1_000_000n)).toBeLessThanOrEqual(after + 3);
    expect(BigInt(s.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(s.startTimeUnixNano));
    expect(s.status).toEqual({ code: 2, message: 'failed' });
    expect(s.events[0].name).toBe('exception');
    expect(attrMap(s.events[0].attributes)).toMatchObject({ 'exception.type': 'TypeError', 'exception.message': 'boom' });
    expect(s.links).toHaveLength(1);
    expect(s.flags).toBe(0x101);
  });
});

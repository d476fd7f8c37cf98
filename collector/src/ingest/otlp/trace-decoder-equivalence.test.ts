/**
 * The fast trace path (purpose-built protobuf decoder, JSON span model, fast row builder) must produce exactly the
 * rows, rejections and messages of the reference path (protobufjs / JSON.parse + buildSpanRows) on a varied corpus,
 * and refuse malformed wire data with an error, never a crash or a hang.
 */
import { loadOtlpTypes } from '@argus/otlp';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { buildTemplates, freshBody } from '../../../../bench/ingest/generate.js';
import { createTraceRowBuilder } from './fast-span-rows.js';
import { buildSpanRows, type RowBatch, type TraceRequest } from './span-rows.js';
import { corpusRequest, weirdJsonSpans } from '../../../testing/trace-test-corpus.js';

const types = loadOtlpTypes();
const T = types.ExportTraceServiceRequest;
const lookup = (n: string) => types.root.lookupType(n);
const Span = lookup('opentelemetry.proto.trace.v1.Span');
const Scope = lookup('opentelemetry.proto.common.v1.InstrumentationScope');
const Resource = lookup('opentelemetry.proto.resource.v1.Resource');

const reference = (body: Uint8Array) => buildSpanRows('t1', T.decode(body) as TraceRequest);
const fastBuilder = createTraceRowBuilder();
const fast = (body: Uint8Array) => fastBuilder.protobuf('t1', body);
const encode = (obj: object) => T.encode(T.fromObject(obj)).finish();

/** OTLP/JSON of a protobufjs-shaped request object: hex ids, base64 bytes, int64 as strings. */
function toOtlpJson(obj: object): string {
  return JSON.stringify(T.toObject(T.fromObject(obj), { longs: String, bytes: String, enums: Number, defaults: false }), (k, v) =>
    ['traceId', 'spanId', 'parentSpanId'].includes(k) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v,
  );
}

function same(a: RowBatch, b: RowBatch) {
  expect(b.errors).toEqual(a.errors);
  expect(b.rejected).toBe(a.rejected);
  expect(b.rows).toBe(a.rows);
  const la = a.lines.split('\n');
  const lb = b.lines.split('\n');
  for (let i = 0; i < la.length; i++) expect(lb[i], `row ${i}`).toBe(la[i]);
  expect(b.lines).toBe(a.lines);
}

describe('fast trace decoding = reference (protobufjs + buildSpanRows)', () => {
  it('benchmark requests (protobuf and JSON)', () => {
    for (const t of buildTemplates(2, 300, 'protobuf')) {
      const body = freshBody(t, false);
      same(reference(body), fast(body));
    }
    for (const t of buildTemplates(2, 300, 'json')) {
      const text = freshBody(t, true).toString();
      same(buildSpanRows('t1', JSON.parse(text)), fastBuilder.json('t1', JSON.parse(text)));
    }
  });

  it('every value kind, odd keys, promotions, events, links, invalid spans (protobuf)', () => {
    const body = encode(corpusRequest());
    const ref = reference(body);
    expect(ref.rows).toBeGreaterThan(10);
    expect(ref.rejected).toBeGreaterThan(3);
    same(ref, fast(body));
    // twice: the second run goes through the warm intern tables
    same(ref, fast(body));
  });

  it('the same corpus as OTLP/JSON', () => {
    const text = toOtlpJson(corpusRequest());
    same(buildSpanRows('t1', JSON.parse(text)), fastBuilder.json('t1', JSON.parse(text)));
  });

  it('unusual JSON spans take the reference path with the same result', () => {
    const req = {
      resourceSpans: [
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'w' } }] }, scopeSpans: [{ spans: weirdJsonSpans() }] },
      ],
    };
    const text = JSON.stringify(req);
    const ref = buildSpanRows('t1', JSON.parse(text));
    expect(ref.rejected).toBeGreaterThan(3);
    same(ref, fastBuilder.json('t1', JSON.parse(text)));
  });

  it('unknown fields of every wire type are skipped, and field order does not matter', () => {
    const unknown = protobuf.Writer.create()
      .uint32((99 << 3) | 0)
      .uint64(12345678901234)
      .uint32((98 << 3) | 1)
      .fixed64(7)
      .uint32((97 << 3) | 2)
      .bytes(Buffer.from('junk'))
      .uint32((96 << 3) | 5)
      .fixed32(9)
      .uint32((95 << 3) | 3)
      .uint32((1 << 3) | 0)
      .uint32(1)
      .uint32((95 << 3) | 4)
      .finish();
    const req = corpusRequest();
    const w = protobuf.Writer.create();
    for (const rs of req.resourceSpans as { resource?: object; scopeSpans?: { scope?: object; spans: object[] }[] }[]) {
      const rsw = protobuf.Writer.create();
      for (const ss of rs.scopeSpans ?? []) {
        const ssw = protobuf.Writer.create();
        for (const s of ss.spans) ssw.uint32(18).bytes(Buffer.concat([unknown, Span.encode(Span.fromObject(s)).finish(), unknown]));
        ssw.uint32(26).string('https://schema');
        if (ss.scope) ssw.uint32(10).bytes(Buffer.concat([Scope.encode(Scope.fromObject(ss.scope)).finish(), unknown])); // scope after spans
        rsw.uint32(18).bytes(Buffer.concat([unknown, ssw.finish()]));
      }
      if (rs.resource) rsw.uint32(10).bytes(Buffer.concat([unknown, Resource.encode(Resource.fromObject(rs.resource)).finish()])); // resource last
      w.uint32(10).bytes(rsw.finish());
    }
    const body = Buffer.concat([unknown, w.finish(), unknown]);
    const ref = reference(body);
    same(ref, fast(body));
    same(reference(encode(req)), ref);
  });

  it('truncated bodies fail exactly when protobufjs fails, else match it', () => {
    const body = encode({ resourceSpans: corpusRequest().resourceSpans.slice(0, 1) });
    for (let n = 0; n < body.length; n += n < 400 ? 1 : 7) {
      const cut = body.subarray(0, n);
      let ref: RowBatch | Error;
      try {
        ref = reference(cut);
      } catch (e) {
        ref = e as Error;
      }
      if (ref instanceof Error) expect(() => fast(cut), `prefix ${n}`).toThrow();
      else same(ref, fast(cut));
    }
  });

  it('malformed wire data throws an Error (the route answers 400), never hangs or crashes', () => {
    const cases = [
      [0x0a, 0xff, 0x01, 0x02], // length past the end
      [0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // 11-byte varint
      [0x0f], // wire type 7
      [0x0e], // wire type 6
      [0x00, 0x01], // field 0
      [0x0b, 0x0b, 0x0b], // unterminated group
      [0x0a, 0x05, 0x12, 0x03, 0x12, 0x01, 0x3a], // span with a truncated field
      [0x0a, 0x04, 0x12, 0x02, 0x12, 0x05], // inner length past its parent
      [0x09, 0x01, 0x02], // fixed64 truncated
    ];
    for (const c of cases) expect(() => fast(Buffer.from(c)), Buffer.from(c).toString('hex')).toThrow(Error);
    let nested: Buffer = Buffer.from([0x2a, 0x00]); // arrayValue {}
    for (let i = 0; i < 200; i++) nested = wrap(wrap(nested, 0x0a), 0x2a);
    const kv = Buffer.concat([Buffer.from([0x0a, 0x01, 0x6b, 0x12]), varintBytes(nested.length), nested]);
    const span = Buffer.concat([Buffer.from([0x4a]), varintBytes(kv.length), kv]);
    const body = wrap(wrap(wrap(span, 0x12), 0x12), 0x0a);
    expect(() => fast(body)).toThrow(/nested too deeply/);
    const seed = encode({ resourceSpans: corpusRequest().resourceSpans.slice(0, 1) });
    let x = 7;
    for (let i = 0; i < 300; i++) {
      const bad = Buffer.from(seed);
      for (let j = 0; j < 3; j++) bad[(x = (x * 1103515245 + 12345) & 0x7fffffff) % bad.length] = x & 0xff;
      try {
        const out = fast(bad);
        expect(typeof out.lines).toBe('string');
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  });
});

function varintBytes(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

function wrap(inner: Buffer, tag: number): Buffer {
  return Buffer.concat([Buffer.from([tag]), varintBytes(inner.length), inner]);
}

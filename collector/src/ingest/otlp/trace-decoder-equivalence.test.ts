/**
 * The fast trace path (purpose-built protobuf decoder, JSON span model, RowBinary encoder) must store exactly the rows
 * of the reference path (protobufjs / JSON.parse + buildSpanRows, TabSeparated) and give the same rejections and
 * messages, on a varied corpus; ClickHouse is the judge (both go into copies of the spans table and are read back).
 * Malformed wire data is refused with an error, never a crash or a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOtlpTypes } from '@argus/otlp';
import pino from 'pino';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTemplates, freshBody } from '../../../../bench/ingest/generate.js';
import { loadConfig } from '../../config.js';
import { createStorage } from '../../storage/create-storage.js';
import { migrate } from '../../storage/migrate.js';
import type { Storage } from '../../storage/storage.js';
import { CORE_MIGRATIONS } from './index.js';
import { NO_LIMITS } from './limits.js';
import { createSpanEncoder, SPAN_BINARY_COLUMNS, type SpanRows } from './span-binary.js';
import { buildSpanRows, SPAN_COLUMNS, type RowBatch, type TraceRequest } from './span-rows.js';
import { corpusRequest, weirdJsonSpans } from '../../../testing/trace-test-corpus.js';

const types = loadOtlpTypes();
const T = types.ExportTraceServiceRequest;
const lookup = (n: string) => types.root.lookupType(n);
const Span = lookup('opentelemetry.proto.trace.v1.Span');
const Scope = lookup('opentelemetry.proto.common.v1.InstrumentationScope');
const Resource = lookup('opentelemetry.proto.resource.v1.Resource');

const reference = (body: Uint8Array) => buildSpanRows('t1', T.decode(body) as TraceRequest);
const encoder = createSpanEncoder();
/** the two passes of an acknowledged request: its check (the answer) must give the counts and messages of its rows */
const fast = (body: Uint8Array) => {
  const checked = encoder.check(body, NO_LIMITS);
  const rows = encoder.protobuf('t1', body, NO_LIMITS);
  expect(checked).toEqual({ count: rows.count, rejected: rows.rejected, errors: rows.errors });
  return rows;
};
const fastJson = (text: string) => encoder.json('t1', JSON.parse(text) as TraceRequest, NO_LIMITS);
const encode = (obj: object) => T.encode(T.fromObject(obj)).finish();

let dir: string;
let storage: Storage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'argus-equiv-'));
  storage = await createStorage(loadConfig({ dataDir: dir }));
  await migrate(
    storage,
    [CORE_MIGRATIONS],
    { mode: 'embedded', retentionDays: 7, metricsRawRetentionHours: 48 },
    pino({ level: 'silent' }),
  );
  for (const t of ['ref', 'bin']) {
    await storage.command(`CREATE TABLE ${t} AS spans`);
    // no content deduplication (the same rows are inserted more than once), no TTL (the corpus has old spans)
    await storage.command(`ALTER TABLE ${t} MODIFY SETTING non_replicated_deduplication_window = 0`);
    await storage.command(`ALTER TABLE ${t} REMOVE TTL`);
  }
}, 120_000);
afterAll(async () => {
  await storage?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** OTLP/JSON of a protobufjs-shaped request object: hex ids, base64 bytes, int64 as strings. */
function toOtlpJson(obj: object): string {
  return JSON.stringify(T.toObject(T.fromObject(obj), { longs: String, bytes: String, enums: Number, defaults: false }), (k, v) =>
    ['traceId', 'spanId', 'parentSpanId'].includes(k) && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v,
  );
}

function sameOutcome(a: RowBatch, b: SpanRows) {
  expect(b.errors).toEqual(a.errors);
  expect(b.rejected).toBe(a.rejected);
  expect(b.count).toBe(a.rows);
}

/** Both paths' rows stored and read back: the same values in every column. */
async function same(a: RowBatch, b: SpanRows) {
  sameOutcome(a, b);
  for (const t of ['ref', 'bin']) await storage.command(`TRUNCATE TABLE ${t}`);
  await storage.insertTsv('ref', SPAN_COLUMNS, a.lines);
  await storage.insertRowBinary('bin', SPAN_BINARY_COLUMNS, [b.rows]);
  const read = (t: string) => storage.query(`SELECT * EXCEPT (inserted_at) FROM ${t} ORDER BY trace_id, span_id, name`);
  const [ra, rb] = [await read('ref'), await read('bin')];
  expect(rb.length).toBe(ra.length);
  for (let i = 0; i < ra.length; i++) for (const k of Object.keys(ra[i])) expect(rb[i][k], `row ${i} ${k}`).toEqual(ra[i][k]);
}

describe('fast trace decoding = reference (protobufjs + buildSpanRows)', () => {
  it('benchmark requests (protobuf and JSON)', async () => {
    for (const t of buildTemplates(2, 300, 'protobuf')) {
      const body = freshBody(t, false);
      await same(reference(body), fast(body));
    }
    for (const t of buildTemplates(2, 300, 'json')) {
      const text = freshBody(t, true).toString();
      await same(buildSpanRows('t1', JSON.parse(text) as TraceRequest), fastJson(text));
    }
  });

  it('every value kind, odd keys, promotions, events, links, invalid spans (protobuf)', async () => {
    const body = encode(corpusRequest());
    const ref = reference(body);
    expect(ref.rows).toBeGreaterThan(10);
    expect(ref.rejected).toBeGreaterThan(3);
    await same(ref, fast(body));
    // twice: the second run goes through the warm intern tables
    await same(ref, fast(body));
  });

  it('the same corpus as OTLP/JSON', async () => {
    const text = toOtlpJson(corpusRequest());
    await same(buildSpanRows('t1', JSON.parse(text) as TraceRequest), fastJson(text));
  });

  it('unusual JSON spans: stored like the reference, or refused with a message (never a different row)', async () => {
    const spans = weirdJsonSpans();
    const one = (s: unknown) =>
      JSON.stringify({
        resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'w' } }] }, scopeSpans: [{ spans: [s] }] }],
      });
    let stored = 0;
    for (const s of spans) {
      const ref = buildSpanRows('t1', JSON.parse(one(s)) as TraceRequest);
      const bin = fastJson(one(s));
      if (bin.count === 1 || ref.rows === 0) {
        await same(ref, bin);
        stored += bin.count;
      } else expect(bin.errors[0]).toMatch(/OTLP\/JSON form this collector does not store|more than a day in the future|out of range/);
    }
    expect(stored).toBeGreaterThan(5);
  });

  it('unknown fields of every wire type are skipped, and field order does not matter', async () => {
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
    await same(ref, fast(body));
    expect(reference(encode(req))).toEqual(ref);
  });

  it('refuses exactly what protobufjs 8 refuses: invalid UTF-8, 6-byte tags, over-long lengths, wrong group end tags', () => {
    const kv = (value: Buffer) => wrap(Buffer.concat([wrap(Buffer.from('k'), 0x0a), wrap(value, 0x12)]), 0x4a);
    const spanOf = (...fields: Buffer[]) => {
      const ids = Buffer.concat([wrap(Buffer.alloc(16, 1), 0x0a), wrap(Buffer.alloc(8, 2), 0x12)]);
      return wrap(wrap(wrap(Buffer.concat([ids, ...fields]), 0x12), 0x12), 0x0a);
    };
    const refused = [
      spanOf(wrap(Buffer.from([0x61, 0xff]), 0x2a)), // name: invalid UTF-8
      spanOf(wrap(Buffer.from([0xed, 0xa0, 0x80]), 0x2a)), // name: an encoded surrogate
      spanOf(kv(wrap(Buffer.from([0xc3]), 0x0a))), // attribute value: a truncated sequence
      spanOf(wrap(Buffer.concat([wrap(Buffer.from([0xe9]), 0x0a)]), 0x4a)), // attribute key: a Latin-1 byte
      spanOf(wrap(Buffer.from([0x12, 0x01, 0xfe]), 0x7a)), // status message
      // a key or a string member replaced by a later one (found by the differential): protobufjs checks every occurrence
      spanOf(wrap(Buffer.from([0x0a, 0x02, 0xff, 0x41, 0x0a, 0x01, 0x61, 0x12, 0x00]), 0x4a)),
      spanOf(kv(Buffer.from([0x0a, 0x01, 0xff, 0x18, 0x05]))),
      spanOf(Buffer.from([0xa8, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01])), // a tag of 6 bytes
      spanOf(Buffer.from([0xab, 0x01, 0x08, 0x01, 0xb4, 0x01])), // group 21 closed by group 22
    ];
    for (const body of refused) {
      expect(() => T.decode(body), body.toString('hex')).toThrow();
      // the check pass (the answer) refuses it itself, as the rows pass does
      expect(() => encoder.check(body, NO_LIMITS), body.toString('hex')).toThrow();
      expect(() => encoder.protobuf('t1', body, NO_LIMITS), body.toString('hex')).toThrow();
    }
    const accepted = [
      spanOf(wrap(Buffer.from('é\u{1F600}\uFFFD'), 0x2a)), // valid UTF-8 (a literal U+FFFD included)
      spanOf(Buffer.from([0xab, 0x01, 0x08, 0x01, 0xac, 0x01])), // group 21 closed by itself
    ];
    for (const body of accepted) sameOutcome(reference(body), fast(body));
  });

  it('a singular message sent twice is merged, the last oneof member wins (protobufjs semantics)', async () => {
    const base = {
      traceId: Buffer.alloc(16, 3),
      spanId: Buffer.alloc(8, 4),
      name: 'merge',
      startTimeUnixNano: 1_700_000_000_000_000_000n.toString(),
      endTimeUnixNano: 1_700_000_000_100_000_000n.toString(),
    };
    const span = Buffer.concat([
      Span.encode(Span.fromObject({ ...base, status: { code: 2 } })).finish(),
      wrap(Buffer.from([0x12, 0x02, 0x68, 0x69]), 0x7a), // a second status: message only (code stays 2)
      // attribute "a": string, then a second value field holding an int (the int wins)
      wrap(
        Buffer.concat([wrap(Buffer.from('a'), 0x0a), wrap(wrap(Buffer.from('x'), 0x0a), 0x12), wrap(Buffer.from([0x18, 0x05]), 0x12)]),
        0x4a,
      ),
      // attribute "b": one AnyValue with a bool, then a double (the double wins)
      wrap(Buffer.concat([wrap(Buffer.from('b'), 0x0a), wrap(Buffer.from([0x10, 0x01, 0x21, 0, 0, 0, 0, 0, 0, 0xf8, 0x3f]), 0x12)]), 0x4a),
      // attribute "c": an array value sent in two parts (merged into one array)
      wrap(
        Buffer.concat([
          wrap(Buffer.from('c'), 0x0a),
          wrap(wrap(wrap(wrap(Buffer.from('1'), 0x0a), 0x0a), 0x2a), 0x12),
          wrap(wrap(wrap(wrap(Buffer.from('2'), 0x0a), 0x0a), 0x2a), 0x12),
        ]),
        0x4a,
      ),
    ]);
    const res = (name: string, extra: string) =>
      Resource.encode(Resource.fromObject({ attributes: [{ key: name, value: { stringValue: extra } }] })).finish();
    const rs = Buffer.concat([
      wrap(Buffer.from(res('service.name', 'merged')), 0x0a),
      wrap(
        Buffer.concat([wrap(Buffer.from([0x0a, 0x01, 0x73]), 0x0a), wrap(span, 0x12), wrap(Buffer.from([0x12, 0x01, 0x76]), 0x0a)]),
        0x12,
      ),
      wrap(Buffer.from(res('host.name', 'h1')), 0x0a), // a second resource: its attributes are appended
    ]);
    const body = wrap(rs, 0x0a);
    const ref = reference(body);
    expect(ref.rows).toBe(1);
    const line = ref.lines;
    expect(line).toContain('merged');
    expect(line).toContain('h1');
    await same(ref, fast(body));
    const [row] = await storage.query<{ status_code: number; status_message: string; attributes: Record<string, string> }>(
      'SELECT status_code, status_message, attributes FROM bin',
    );
    expect(row).toMatchObject({ status_code: 2, status_message: 'hi' });
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
      else sameOutcome(ref, fast(cut));
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
    expect(() => fast(body)).toThrow(/max depth exceeded/);
    expect(() => T.decode(body)).toThrow(/max depth exceeded/);
    const seed = encode({ resourceSpans: corpusRequest().resourceSpans.slice(0, 1) });
    let x = 7;
    for (let i = 0; i < 300; i++) {
      const bad = Buffer.from(seed);
      for (let j = 0; j < 3; j++) bad[(x = (x * 1103515245 + 12345) & 0x7fffffff) % bad.length] = x & 0xff;
      try {
        const out = fast(bad);
        expect(Buffer.isBuffer(out.rows)).toBe(true);
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

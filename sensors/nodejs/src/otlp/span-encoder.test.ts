import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createSpanEncoder } from './span-encoder.js';

/** A generic protobuf wire decoder: field number -> list of values (nested messages decoded when `nested` says so). */
type Tree = Record<number, unknown[]>;
function decode(buf: Uint8Array, nested: (path: string) => boolean, path = ''): Tree {
  const out: Tree = {};
  let pos = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[pos++];
      v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (b < 0x80) return v;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    let value: unknown;
    switch (key & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = Buffer.from(buf.subarray(pos, pos + 8)).readBigUInt64LE();
        pos += 8;
        break;
      case 5:
        value = Buffer.from(buf.subarray(pos, pos + 4)).readUInt32LE();
        pos += 4;
        break;
      case 2: {
        const len = Number(varint());
        const bytes = buf.subarray(pos, pos + len);
        pos += len;
        const p = `${path}/${field}`;
        value = nested(p) ? decode(bytes, nested, p) : Buffer.from(bytes).toString('hex');
        break;
      }
      default:
        throw new Error(`wire type ${key & 7}`);
    }
    (out[field] ??= []).push(value);
  }
  return out;
}

/** Zero values are optional in proto3: drop them so both encodings compare equal. */
function dropDefaults(t: unknown): unknown {
  if (Array.isArray(t)) return t.map(dropDefaults);
  if (t && typeof t === 'object' && !Buffer.isBuffer(t)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t)) {
      const vals = (v as unknown[]).filter((x) => x !== 0n).map(dropDefaults);
      if (vals.length > 0) out[k] = vals;
    }
    return out;
  }
  return t;
}

// message-typed fields of ExportTraceServiceRequest (resource spans / resource / scope spans / scope / span ...)
const MESSAGES = /^\/1(\/1(\/1(\/2(\/5)?)?)?|\/2(\/1(\/3(\/2(\/5)?)?)?|\/2(\/9(\/2(\/5)?)?|\/11(\/3(\/2)?)?|\/13(\/4(\/2)?)?|\/15)?)?)?$/;
const isMessage = (p: string) => MESSAGES.test(p);

describe('span encoder', () => {
  it('writes what the OpenTelemetry protobuf serializer writes, in one pass', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'shop', 'process.pid': 4242, 'host.arch': 'amd64' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('scope-a', '1.2.3');
    const other = provider.getTracer('scope-b');
    const parent = tracer.startSpan('GET /orders/:id', {
      kind: SpanKind.SERVER,
      attributes: {
        'url.path': '/orders/7',
        'http.response.status_code': 200,
        ratio: 0.25,
        big: 2 ** 40,
        neg: -3,
        ok: true,
        list: ['a', 'ü€'],
      },
    });
    parent.addEvent('exception', { 'exception.message': 'x'.repeat(300) });
    parent.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    const child = other.startSpan('redis GET', {
      kind: SpanKind.CLIENT,
      links: [
        {
          context: { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), traceFlags: TraceFlags.SAMPLED, isRemote: true },
          attributes: { why: 'batch' },
        },
      ],
    });
    child.end();
    parent.end();
    const spans = exporter.getFinishedSpans();
    const ours = createSpanEncoder()(spans);
    const stock = ProtobufTraceSerializer.serializeRequest(spans)!;
    expect(dropDefaults(decode(ours, isMessage))).toEqual(dropDefaults(decode(stock, isMessage)));
  });

  it('writes lengths of large messages correctly (more than one varint byte)', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('t');
    for (let i = 0; i < 300; i++) tracer.startSpan(`span ${i}`, { attributes: { long: 'y'.repeat(i * 10) } }).end();
    const spans = exporter.getFinishedSpans();
    const encode = createSpanEncoder();
    encode(spans); // the writer is reused: a second batch must not carry bytes of the first
    const tree = decode(encode(spans), isMessage) as { 1: Array<{ 2: Array<{ 2: unknown[] }> }> };
    expect(tree[1][0][2][0][2]).toHaveLength(300);
    expect(dropDefaults(decode(encode(spans), isMessage))).toEqual(
      dropDefaults(decode(ProtobufTraceSerializer.serializeRequest(spans)!, isMessage)),
    );
  });
});

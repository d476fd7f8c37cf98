/**
 * The purpose-built metrics decoder (metric-wire.ts) must refuse exactly what protobufjs refuses and, on everything
 * else, give the row builder the values protobufjs gives: the same rows byte for byte, the same rejections and
 * messages, the same tracer-drop points. Compared on generated requests, hand-made wire encodings protobufjs's
 * encoder never writes, schema-aware random wire data, and every truncation of a request.
 */
import { loadOtlpTypes } from '@argus/otlp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { metricsWireInput } from '../../../../test/fuzz/generators/metrics-wire.js';
import { bigRequest, metricsRequest } from '../../../../test/fuzz/generators/otlp.js';
import { attr, dbl, f64, ld, str } from '../../../testing/wire-build.js';
import { createDecoder } from '../pipeline/decode-task.js';
import { buildMetricRows, type MetricsRequest } from './metric-rows.js';
import { decodeMetricsWire } from './metric-wire.js';
import { buildMetricRowsFromWire } from './metric-wire-rows.js';
import { NO_LIMITS } from './limits.js';
import { pickTracerDrops } from './tracer-drops.js';

const types = loadOtlpTypes();
const M = types.ExportMetricsServiceRequest;
const encode = (obj: object) => Buffer.from(M.encode(M.fromObject(obj)).finish());

const rows = (req: MetricsRequest) => {
  const drops = pickTracerDrops(req);
  return { rows: buildMetricRows('t1', req), drops: drops && buildMetricRows('t1', drops) };
};

/** 'refused' for both, else both outcomes (expected equal); a decoder that disagrees on refusing fails. */
function compare(body: Buffer): void {
  let ref: MetricsRequest | undefined;
  try {
    ref = M.decode(body) as MetricsRequest;
  } catch {
    expect(() => decodeMetricsWire(body), `protobufjs refuses ${body.toString('hex').slice(0, 200)}`).toThrow();
    return;
  }
  const fast = decodeMetricsWire(body);
  const expected = rows(ref);
  expect(rows(fast)).toEqual(expected);
  // the ingest path: rows built per ResourceMetrics as it is decoded
  const wire = buildMetricRowsFromWire('t1', body);
  expect({ rows: wire.rows, drops: wire.tracerDrops && buildMetricRows('t1', wire.tracerDrops) }).toEqual(expected);
}

const T0 = 1_764_000_000_000_000_000n;
/** a request around one metric's encoded fields */
const request = (...metric: Buffer[]) => ld(1, ld(1, attr(1, 'service.name', str(1, 'svc'))), ld(2, ld(1, str(1, 's')), ld(2, ...metric)));
const gaugePoint = (...extra: Buffer[]) => ld(5, ld(1, f64(3, T0), dbl(4, 1.5), ...extra));
const histPoint = (...fields: Buffer[]) => ld(9, ld(1, f64(3, T0), ...fields), [0x10, 0x02]);

describe('metrics wire decoder = protobufjs', () => {
  it('generated requests and the 1 MiB fuzz input: same rows', () => {
    for (const obj of fc.sample(metricsRequest, { numRuns: 300, seed: 7 })) compare(encode(obj));
    compare(bigRequest('metrics', 'protobuf'));
  });

  it('encodings protobufjs never writes: packed/unpacked, merges, oneofs, wrong wire types, groups', () => {
    const cases: Buffer[] = [
      request(str(1, 'm'), histPoint(f64(6, 3n), f64(6, 4n), ld(6, Buffer.alloc(8, 1)), dbl(7, 2.5), ld(7, Buffer.alloc(8)))),
      // a singular message twice is merged; the same oneof member twice too, another one replaces it
      request(str(1, 'm'), gaugePoint(), gaugePoint(ld(7, str(1, 'k'), ld(2, str(1, 'v'))))),
      request(str(1, 'm'), gaugePoint(), histPoint(f64(4, 2n)), gaugePoint()),
      request(str(1, 'm'), ld(5, ld(1, f64(3, T0), f64(6, 5n), dbl(4, 2)))),
      request(str(1, 'm'), ld(5, ld(1, f64(3, T0), dbl(4, 2), f64(6, 5n)))),
      // an attribute value given twice, array values merged, a kvlist replacing a string
      request(str(1, 'm'), gaugePoint(ld(7, str(1, 'k'), ld(2, ld(5, ld(1, str(1, 'a')))), ld(2, ld(5, ld(1, [0x10, 1])))))),
      request(str(1, 'm'), gaugePoint(ld(7, str(1, 'k'), ld(2, str(1, 'a'), ld(6, ld(1, str(1, 'x'))))))),
      // known fields with another wire type are skipped (name as a varint, a time as a length-delimited field)
      request(Buffer.from([0x08, 0x05]), str(1, 'm'), ld(5, ld(1, ld(3, [1, 2]), dbl(4, 1)))),
      // groups (skipped), unknown fields of every wire type
      request(str(1, 'm'), Buffer.from([0x6b, 0x08, 0x01, 0x6c, 0x78, 0x01, 0x7d, 1, 2, 3, 4]), gaugePoint()),
      // exponential histogram: buckets packed and not, merged, negative scale and offsets
      request(
        str(1, 'm'),
        ld(10, ld(1, f64(3, T0), [0x30, 0x03], ld(8, [0x08, 0x05, 0x10, 0x07]), ld(8, ld(2, [1, 0x80, 1])), ld(9, [0x08, 0x06]))),
      ),
      // summary with quantiles, a non-minimal varint flag, a 5-byte tag
      request(str(1, 'm'), ld(11, ld(1, f64(3, T0), dbl(5, -0), ld(6, dbl(1, 0.5), dbl(2, 3)), [0xc0, 0x80, 0x80, 0x80, 0x00, 0x00]))),
      request(str(1, 'm'), gaugePoint(Buffer.from([0x40, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]))),
      request(str(1, 'm'), ld(7, ld(1, f64(3, T0)), [0x10, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x18, 0x80, 0x80, 0x01])),
    ];
    for (const body of cases) {
      expect(() => M.decode(body)).not.toThrow();
      compare(body);
    }
  });

  it('refused like protobufjs: bad UTF-8, long varints, long tags and lengths, bad groups, truncation, depth', () => {
    const deep = (n: number): Buffer => (n === 0 ? str(1, 'x') : ld(5, ld(1, deep(n - 1))));
    const cases: Buffer[] = [
      request(str(1, [0xff, 0x41]), gaugePoint()),
      request(str(1, 'm'), gaugePoint(ld(7, str(1, [0xed, 0xa0, 0x80])))),
      request(str(1, 'm'), str(2, [0xc0, 0x80])),
      request(str(1, 'm'), gaugePoint(Buffer.from([0x40, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))),
      request(str(1, 'm'), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])),
      request(str(1, 'm'), Buffer.from([0x8a, 0x80, 0x80, 0x80, 0x10, 0x00])),
      request(str(1, 'm'), Buffer.from([0x1a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x41])),
      request(str(1, 'm'), Buffer.from([0x6b, 0x08, 0x01, 0x74])),
      request(str(1, 'm'), Buffer.from([0x6c])),
      request(str(1, 'm'), Buffer.from([0x03])),
      request(str(1, 'm'), histPoint(ld(6, Buffer.alloc(7)))),
      request(str(1, 'm'), gaugePoint(ld(7, str(1, 'k'), ld(2, deep(60))))),
      request(str(1, 'm'), gaugePoint(ld(7, str(1, 'k'), ld(2, deep(20))))),
    ];
    for (const body of cases) compare(body);
    const refused = cases.filter((b) => {
      try {
        M.decode(b);
        return false;
      } catch {
        return true;
      }
    });
    expect(refused.length).toBe(cases.length - 1); // all but the last (20 levels: within protobufjs's 100)
  });

  it('every truncation of a request: refused exactly when protobufjs refuses, else the same rows', () => {
    const body = encode(fc.sample(metricsRequest, { numRuns: 20, seed: 3 }).find((o) => encode(o).length > 300)!);
    for (let n = 0; n <= body.length; n++) compare(body.subarray(0, n));
  });

  it('schema-aware random wire data: same refusals, same rows', () => {
    for (const body of fc.sample(metricsWireInput, { numRuns: 3000, seed: 11 })) compare(body);
  });

  it('the ingest decode step answers malformed metrics with 400 INVALID_OTLP', () => {
    const decoder = createDecoder();
    const task = (body: Buffer) => ({
      signal: 'metrics' as const,
      tenant: 't',
      format: 'protobuf' as const,
      encoding: 'identity' as const,
      body,
      limits: NO_LIMITS,
      maxBodyBytes: 1 << 20,
    });
    for (const body of [request(str(1, [0xff])), Buffer.from([0x0a, 0x05, 0x01]), Buffer.from([0x0f])])
      expect(() => decoder.decode(task(body))).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_OTLP' }) as Error);
    expect(decoder.decode(task(request(str(1, 'm'), gaugePoint()))).accepted).toBe(1);
  });
});

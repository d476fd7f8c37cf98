/**
 * The purpose-built logs decoder (log-wire.ts) must refuse exactly what protobufjs refuses and, on everything else,
 * give the row builder the values protobufjs gives: the same rows byte for byte, the same rejections and messages.
 * Compared on realistic and generated requests (protobufjs's encoding), hand-made wire encodings protobufjs's
 * encoder never writes, schema-aware random wire data, and every truncation of a request; and the ingest decode
 * step answers malformed logs with a 400.
 */
import { loadOtlpTypes } from '@argus/otlp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logsWireInput } from '../../../../test/fuzz/generators/logs-wire.js';
import { bigRequest, logsRequest } from '../../../../test/fuzz/generators/otlp.js';
import { attr, dbl, f64, ld, str } from '../../../testing/wire-build.js';
import { createDecoder } from '../pipeline/decode-task.js';
import { NO_LIMITS, timeLimits } from './limits.js';
import { buildLogRows, type LogsRequest } from './log-rows.js';
import { buildLogRowsFromWire, decodeLogsWire } from './log-wire.js';

const types = loadOtlpTypes();
const L = types.ExportLogsServiceRequest;
const encode = (obj: object) => Buffer.from(L.encode(L.fromObject(obj)).finish());
const limits = timeLimits(7);

/** The rows of a decoded request, without and with the time window (retention, now + 1 day). */
const rows = (req: LogsRequest) => ({ all: buildLogRows('t1', req), window: buildLogRows('t1', req, limits.minSec, limits.maxSec) });

/** Both refuse the body, or both decode it to the same rows (whole request, and per ResourceLogs as on ingest). */
function compare(body: Buffer): void {
  let ref: LogsRequest | undefined;
  try {
    ref = L.decode(body) as LogsRequest;
  } catch {
    expect(() => decodeLogsWire(body), `protobufjs refuses ${body.toString('hex').slice(0, 200)}`).toThrow();
    expect(() => buildLogRowsFromWire('t1', body)).toThrow();
    return;
  }
  const expected = rows(ref);
  expect(rows(decodeLogsWire(body)), body.toString('hex').slice(0, 200)).toEqual(expected);
  expect({ all: buildLogRowsFromWire('t1', body), window: buildLogRowsFromWire('t1', body, limits.minSec, limits.maxSec) }).toEqual(
    expected,
  );
}

const NOW = BigInt(Date.now()) * 1_000_000n;
const id = (n: number, fill: number) => Buffer.alloc(n, fill);
const kv = (key: string, value: object) => ({ key, value });
/** every AnyValue kind, nested arrays and key-value lists included */
const VALUES: object[] = [
  { stringValue: 'text with\ttab and\nnewline \\ é \u{1F600}' },
  { stringValue: '' },
  { boolValue: true },
  { boolValue: false },
  { intValue: '-9223372036854775808' },
  { intValue: '9223372036854775807' },
  { intValue: 42 },
  { doubleValue: 3.25 },
  { doubleValue: -0 },
  { doubleValue: 1e300 },
  { bytesValue: Buffer.from([0, 1, 0xfe, 0xff]) },
  { bytesValue: Buffer.alloc(0) },
  { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }, { arrayValue: { values: [{ boolValue: true }, {}] } }] } },
  { arrayValue: { values: [] } },
  {
    kvlistValue: {
      values: [
        kv('user', {
          kvlistValue: { values: [kv('id', { intValue: 7 }), kv('roles', { arrayValue: { values: [{ stringValue: 'admin' }] } })] },
        }),
        kv('ok', { boolValue: true }),
        kv('raw', { bytesValue: Buffer.from('hi') }),
        kv('', {}),
      ],
    },
  },
  { kvlistValue: { values: [] } },
  {},
];

/** A realistic request: two resources (one without a resource), scopes with versions and attributes, every body kind. */
function realistic(): object {
  const record = (i: number, extra: object = {}) => ({
    timeUnixNano: String(NOW - BigInt(i) * 1_000_000n),
    observedTimeUnixNano: String(NOW - BigInt(i) * 1_000_000n + 5_000n),
    severityNumber: (i % 24) + 1,
    severityText: ['INFO', 'WARN', 'ERROR', ''][i % 4],
    body: VALUES[i % VALUES.length],
    attributes: [
      kv('http.route', { stringValue: '/users/:id' }),
      kv('attempt', { intValue: i }),
      kv('value', VALUES[(i * 7) % VALUES.length]),
      kv('exception.message', { stringValue: `failed ${i}` }),
    ],
    droppedAttributesCount: i % 3,
    flags: i % 2 ? 1 : 0,
    traceId: id(16, i + 1),
    spanId: id(8, i + 1),
    eventName: i % 5 ? '' : 'user.login',
    ...extra,
  });
  const odd = [
    record(100, { severityNumber: 'SEVERITY_NUMBER_WARN', flags: 0xffffffff }),
    record(101, { timeUnixNano: '0' }), // the observed time stands in
    record(102, { timeUnixNano: '0', observedTimeUnixNano: '0' }), // outside the window
    record(103, { timeUnixNano: '18446744073709551615' }), // past 2^53, far in the future
    record(104, { severityNumber: 25 }), // rejected
    record(105, { traceId: id(5, 1) }), // rejected: a 5-byte trace id
    record(106, { spanId: id(16, 1) }), // rejected
    record(107, { traceId: Buffer.alloc(0), spanId: Buffer.alloc(0), attributes: [], body: undefined }),
    record(108, { timeUnixNano: String(NOW - 30n * 86_400n * 1_000_000_000n) }), // before the retention window
    {},
  ];
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            kv('service.name', { stringValue: 'checkout' }),
            kv('argus.entity.id', { stringValue: 'host:a' }),
            kv('host.name', { stringValue: 'h1' }),
            kv('process.pid', { intValue: 4242 }),
            kv('deployment', { kvlistValue: { values: [kv('env', { stringValue: 'prod' })] } }),
          ],
          droppedAttributesCount: 2,
        },
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        scopeLogs: [
          {
            scope: { name: 'app.logger', version: '1.2.3', attributes: [kv('k', { boolValue: true })], droppedAttributesCount: 1 },
            schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
            logRecords: Array.from({ length: 40 }, (_, i) => record(i)),
          },
          { logRecords: odd },
        ],
      },
      { scopeLogs: [{ scope: { name: 'no-resource' }, logRecords: [record(200), record(201)] }] },
      {},
    ],
  };
}

/** a request around one log record's encoded fields */
const request = (...fields: Buffer[]) => ld(1, ld(1, attr(1, 'service.name', str(1, 'svc'))), ld(2, ld(1, str(1, 's')), ld(2, ...fields)));
const T = f64(1, NOW);
const bytes = (...b: number[]) => Buffer.from(b);

describe('logs wire decoder = protobufjs', () => {
  it('a realistic request: every AnyValue kind, ids, flags, severity, observed time, dropped counts; same rows', () => {
    const body = encode(realistic());
    compare(body);
    const r = rows(L.decode(body) as LogsRequest).window;
    expect(r.rows).toBeGreaterThan(40);
    expect(r.rejected).toBe(7); // 102-106, 108 and the empty record (no time at all)
    const rec = decodeLogsWire(body).resourceLogs![0].scopeLogs![0].logRecords![1];
    expect(rec).toMatchObject({ traceId: '02'.repeat(16), spanId: '02'.repeat(8), severityNumber: 2, severityText: 'WARN', flags: 1 });
    expect(decodeLogsWire(body).resourceLogs![0].scopeLogs![0].scope).toEqual({ name: 'app.logger', version: '1.2.3' });
  });

  it('generated requests and the 1 MiB fuzz input: same rows', () => {
    for (const obj of fc.sample(logsRequest, { numRuns: 300, seed: 7 })) compare(encode(obj));
    compare(bigRequest('logs', 'protobuf'));
  });

  it('encodings protobufjs never writes: merges, oneofs, repeated scalars, wrong wire types, groups, unknown fields', () => {
    const cases: Buffer[] = [
      // a body sent twice: another member replaces it, the same list member is merged
      request(T, ld(5, str(1, 'first')), ld(5, bytes(0x10, 0x01))),
      request(T, ld(5, ld(5, ld(1, str(1, 'a')))), ld(5, ld(5, ld(1, bytes(0x18, 0x05))))),
      request(T, ld(5, ld(6, ld(1, str(1, 'k'), ld(2, str(1, 'v'))))), ld(5, ld(6, ld(1, str(1, 'k2'))))),
      request(T, ld(5, str(1, 'kept')), ld(5)),
      request(T, ld(5), ld(5, dbl(4, 2.5), str(1, 'last'))),
      // an attribute value given twice, a kvlist replacing a string
      request(T, ld(6, str(1, 'k'), ld(2, str(1, 'a')), ld(2, ld(6, ld(1, str(1, 'x')))))),
      // a scalar field twice (the last wins, a zero after a value too), ids given twice
      request(T, f64(1, NOW + 5n), bytes(0x10, 0x09, 0x10, 0x11), str(3, 'a'), str(3, 'b'), bytes(0x45, 1, 0, 0, 0, 0x45, 0, 0, 0, 0)),
      request(T, ld(9, id(16, 1)), ld(9, id(16, 2)), ld(10, id(8, 3)), ld(10, []), str(12, 'e'), str(12, '')),
      // a negative severity (int32 from a 10-byte varint), a non-minimal one, a huge dropped count
      request(T, bytes(0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01)),
      request(T, bytes(0x10, 0x89, 0x80, 0x80, 0x00, 0x38, 0xff, 0xff, 0xff, 0xff, 0x0f)),
      // the observed time alone, then after the time
      request(f64(11, NOW)),
      request(f64(11, NOW - 10n), T),
      // known fields with another wire type are skipped (time as a varint, ids as fixed64, flags as a varint)
      request(bytes(0x08, 0x05), T, f64(9, 1n), bytes(0x40, 0x01), ld(1, [1, 2]), bytes(0x15, 1, 2, 3, 4)),
      // groups, unknown fields of every wire type, the reserved field 4, ResourceLogs' reserved 1000
      request(T, bytes(0x6b, 0x08, 0x01, 0x6c, 0x78, 0x01, 0x7d, 1, 2, 3, 4, 0x20, 0x01), str(4, 'x')),
      ld(1, bytes(0xc2, 0x3e, 0x00), ld(2, ld(2, T))),
      // scope and resource twice: merged (name then version; attributes appended)
      ld(
        1,
        ld(1, attr(1, 'service.name', str(1, 'a'))),
        ld(2, ld(1, str(1, 'n')), ld(2, T), ld(1, str(2, 'v'))),
        ld(1, attr(1, 'host.name', str(1, 'h'))),
      ),
      // a 5-byte tag, a non-minimal length, a valid literal U+FFFD
      request(T, bytes(0x9a, 0x80, 0x80, 0x80, 0x00, 0x01, 0x61), bytes(0x1a, 0x81, 0x80, 0x00, 0x62), str(3, '\uFFFD')),
      // empty messages everywhere
      Buffer.concat([ld(1), ld(1, ld(2)), ld(1, ld(2, ld(2)))]),
      Buffer.alloc(0),
    ];
    for (const body of cases) {
      expect(() => L.decode(body), body.toString('hex')).not.toThrow();
      compare(body);
    }
  });

  it('refused like protobufjs: bad UTF-8 anywhere, long varints, long tags and lengths, bad groups, truncation, depth', () => {
    const deep = (n: number): Buffer => (n === 0 ? str(1, 'x') : ld(5, ld(1, deep(n - 1))));
    const cases: Buffer[] = [
      request(T, str(3, [0xff, 0x41])), // severity text
      request(T, str(12, [0xed, 0xa0, 0x80])), // event name: an encoded surrogate
      request(T, ld(5, str(1, [0xc3]))), // body string
      request(T, ld(6, str(1, [0xe9]), ld(2, str(1, 'v')))), // attribute key
      request(T, ld(5, ld(6, ld(1, str(1, 'k'), ld(2, str(1, [0xc0, 0x80])))))), // kvlist in the body
      ld(1, ld(2, ld(1, str(2, [0xff])), ld(2, T))), // scope version
      ld(1, ld(2, ld(1, ld(3, str(1, 'k'), ld(2, str(1, [0xff])))), ld(2, T))), // scope attribute (checked, not kept)
      ld(1, str(3, [0xff]), ld(2, ld(2, T))), // resource schema URL
      ld(1, ld(2, str(3, [0xff]), ld(2, T))), // scope schema URL
      request(T, bytes(0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)), // an 11-byte varint
      request(T, bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x00)), // a 6-byte tag
      request(T, bytes(0x8a, 0x80, 0x80, 0x80, 0x10, 0x00)), // a 5-byte tag over 32 bits
      request(T, bytes(0x1a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x41)), // a 6-byte length
      request(T, bytes(0x6b, 0x08, 0x01, 0x74)), // a group closed by another field's end tag
      request(T, bytes(0x6c)), // an end group tag alone
      request(T, bytes(0x03)), // field 0
      request(T, bytes(0x0f)), // wire type 7
      request(bytes(0x09, 1, 2, 3)), // a truncated time
      request(T, bytes(0x45, 1, 2)), // truncated flags
      request(T, bytes(0x4a, 0x05, 1)), // an id past the end of the record
      request(T, ld(5, deep(60))), // body nested past protobufjs's 100
      request(T, ld(6, str(1, 'k'), ld(2, deep(60)))), // attribute nested past it
      request(T, ld(5, deep(20))), // within it: accepted
    ];
    for (const body of cases) compare(body);
    const refused = cases.filter((b) => {
      try {
        L.decode(b);
        return false;
      } catch {
        return true;
      }
    });
    expect(refused.length).toBe(cases.length - 1); // all but the last
  });

  it('every truncation of a request: refused exactly when protobufjs refuses, else the same rows', () => {
    const body = encode(fc.sample(logsRequest, { numRuns: 20, seed: 3 }).find((o) => encode(o).length > 300)!);
    for (let n = 0; n <= body.length; n++) compare(body.subarray(0, n));
    const real = encode(realistic());
    for (let n = 0; n <= real.length; n += 13) compare(real.subarray(0, n));
  });

  it('schema-aware random wire data: same refusals, same rows', () => {
    for (const body of fc.sample(logsWireInput, { numRuns: 3000, seed: 11 })) compare(body);
  });

  it('the ingest decode step: protobuf through the wire decoder (400 INVALID_OTLP when malformed), JSON as before', () => {
    const decoder = createDecoder();
    const task = (body: Buffer, format: 'protobuf' | 'json' = 'protobuf') => ({
      signal: 'logs' as const,
      tenant: 't',
      format,
      encoding: 'identity' as const,
      body,
      limits: NO_LIMITS,
      maxBodyBytes: 1 << 20,
    });
    for (const body of [request(T, str(3, [0xff])), bytes(0x0a, 0x05, 0x01), bytes(0x0f)])
      expect(() => decoder.decode(task(body))).toThrow(
        expect.objectContaining({
          status: 400,
          code: 'INVALID_OTLP',
          message: expect.stringContaining('protobuf logs') as string,
        }) as Error,
      );
    const body = encode(realistic());
    const pb = decoder.decode(task(body));
    const ref = buildLogRows('t', L.decode(body) as LogsRequest);
    expect({ accepted: pb.accepted, rejected: pb.rejected, errors: pb.errors }).toEqual({
      accepted: ref.rows,
      rejected: ref.rejected,
      errors: ref.errors,
    });
    expect((pb.tables[0].data as Buffer).toString()).toBe(ref.lines);
    // OTLP/JSON of the same request: still JSON.parse + the row builder, the same rows
    const json = JSON.stringify(
      L.toObject(L.decode(body), { longs: String, bytes: String, enums: Number, defaults: false }),
      (k, v: unknown) => ((k === 'traceId' || k === 'spanId') && typeof v === 'string' ? Buffer.from(v, 'base64').toString('hex') : v),
    );
    expect((decoder.decode(task(Buffer.from(json), 'json')).tables[0].data as Buffer).toString()).toBe(ref.lines);
  });
});

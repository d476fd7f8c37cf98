/**
 * Every crash or property violation the fuzzers found, replayed through its target (issue 20). The inputs are also
 * in the committed corpus; here each has its expected outcome, so a regression names the finding.
 */
import { describe, expect, it } from 'vitest';
import { runOne } from './harness.js';
import { deepBody } from './generators/otlp.js';
import { agentEntities } from './targets/collector-json.js';
import { otlpMetricsDifferential } from './targets/metrics-differential.js';
import { otlpLogsJson, otlpMetricsJson, otlpTracesDifferential, otlpTracesJson, otlpTracesProtobuf } from './targets/otlp.js';

describe('fuzz findings stay fixed', () => {
  it('OTLP/JSON metrics and logs nesting values 5000 deep: 400 INVALID_OTLP, not a stack overflow (500)', () => {
    for (const [target, signal] of [
      [otlpMetricsJson, 'metrics'],
      [otlpLogsJson, 'logs'],
    ] as const) {
      const r = runOne(target, deepBody(signal, 'json', 5000, false));
      expect(r.documented).toBe(true);
      expect(r.outcome).toMatch(/^err:INVALID_OTLP:.*nests values too deeply/);
    }
    // traces reject the one span through partial_success and keep the rest
    expect(runOne(otlpTracesJson, deepBody('traces', 'json', 5000, true)).outcome).toMatch(/^a0r1:/);
  });

  it('an entity report with a time past what DateTime64(3) stores is refused (400) before anything is stored', () => {
    for (const time of [10_413_791_999_001, 2 ** 53 - 1]) {
      const body = {
        agentId: 'a',
        hostEntityId: 'host:x',
        time,
        events: [{ severity: 'info', code: 'X', message: 'm', time: Date.now() }],
      };
      expect(runOne(agentEntities, Buffer.from(JSON.stringify(body))).outcome).toBe('INVALID_ENTITIES:time');
    }
  });

  it('OTLP/JSON attribute values of the wrong type (a boolean stringValue, a number bytesValue): 400 INVALID_OTLP, not a TypeError (500)', () => {
    // the fuzzers' inputs as found (test/fuzz/findings is not committed)
    const tracesBody =
      '{"resourceSpans":[{"resource":{"attributes":[{"key":"http.url","value":{"doubleValue":8183733472288.861}},{"key":"http.request.method","value":{"stringValue":true}},{"key":"process.pid"},{"key":"http.route","value":{"doubleValue":-1.1313613766090697e+173}},{"key":"\udae9\ude82\ud916\udf11\ud804\udced","value":{}}],"droppedAttributesCount":1}},{"resource":{"attributes":[{"key":"db.query.text","value":{"bytesValue":"o0U="}}],"droppedAttributesCount":2}}]}';
    const logsBody =
      '{"resourceLogs":[{"resource":{"attributes":[{"key":"db.query.text","value":{"kvlistValue":{"values":[{"key":"db.statement","value":{"arrayValue":{"values":[{"bytesValue":-6.933781086491129e+239}]}}}]}}},{"key":"exception.message","value":{}}]}}]}';
    const traces = runOne(otlpTracesJson, Buffer.from(tracesBody));
    expect(traces).toEqual({ documented: true, outcome: "err:INVALID_OTLP:an attribute's stringValue has the wrong type (boolean)" });
    const logs = runOne(otlpLogsJson, Buffer.from(logsBody));
    expect(logs).toEqual({ documented: true, outcome: "err:INVALID_OTLP:an attribute's bytesValue has the wrong type (number)" });
  });

  it('an unknown field holding a varint longer than 10 bytes: skipped, as protobufjs skips it (both decoders agree)', () => {
    // session 5 refused this body with 400 while protobufjs read it; the decoder now accepts exactly what protobufjs accepts
    const body = Buffer.from('8039ffffffffffffffff808080808080808001', 'hex');
    expect(runOne(otlpTracesDifferential, body).outcome).toBe('same a0r0');
    expect(runOne(otlpTracesProtobuf, body)).toMatchObject({ documented: false, outcome: expect.stringMatching(/^a0r0/) });
  });

  it('OTLP/JSON "attributes": {} (an object, not a list) on a data point or a resource: 400 INVALID_OTLP, not a TypeError (500)', () => {
    const point =
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"1764000000000000000","asDouble":1,"attributes":{}}]}}]}]}]}';
    const r = runOne(otlpMetricsJson, Buffer.from(point));
    expect(r.documented).toBe(true);
    expect(r.outcome).toMatch(/^err:INVALID_OTLP:attributes must be an array of \{key, value\} objects, not obj/);
    // the same in resources (every signal) and log records; a list element that is not an object too
    const logs = '{"resourceLogs":[{"resource":{"attributes":[null]},"scopeLogs":[{"logRecords":[{"attributes":{}}]}]}]}';
    expect(runOne(otlpLogsJson, Buffer.from(logs)).outcome).toMatch(/^err:INVALID_OTLP:attributes must be an array/);
    const traces = '{"resourceSpans":[{"resource":{"attributes":{}},"scopeSpans":[]}]}';
    expect(runOne(otlpTracesJson, Buffer.from(traces)).outcome).toMatch(/^err:INVALID_OTLP:attributes must be an array/);
  });

  it('metrics protobuf: the purpose-built decoder refuses what protobufjs 8 refuses and reads the rest alike', () => {
    const cases: [string, string][] = [
      ['0a08120612040a02ff41', 'both-refused'], // a metric name that is not UTF-8 (proto3 strings are verified)
      ['0a0d120b12090a016d808080808000', 'both-refused'], // a tag of 6 bytes
      // a gauge point with an unknown field holding an 11-byte varint: skipped by both (protobufjs skips any length)
      ['0a29122712250a016d2a200a1e190000ca67a7fc7a1821000000000000f83f788080808080808080808001', 'same a1r0'],
    ];
    for (const [hex, outcome] of cases) expect(runOne(otlpMetricsDifferential, Buffer.from(hex, 'hex')).outcome).toBe(outcome);
  });
});

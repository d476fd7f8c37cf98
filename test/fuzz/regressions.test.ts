/**
 * Every crash or property violation the fuzzers found, replayed through its target (issue 20). The inputs are also
 * in the committed corpus; here each has its expected outcome, so a regression names the finding.
 */
import { describe, expect, it } from 'vitest';
import { runOne } from './harness.js';
import { deepBody } from './generators/otlp.js';
import { agentEntities } from './targets/collector-json.js';
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

  it('a varint longer than 10 bytes (which protobufjs skips) is refused by the fast decoder with 400, not thrown past it', () => {
    const body = Buffer.from('8039ffffffffffffffff808080808080808001', 'hex');
    expect(runOne(otlpTracesDifferential, body).outcome).toBe('fast-refused:long-varint');
    const r = runOne(otlpTracesProtobuf, body);
    expect(r.documented).toBe(true);
    expect(r.outcome).toMatch(/^err:INVALID_OTLP:/);
  });
});

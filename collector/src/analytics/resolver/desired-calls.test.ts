import { describe, expect, it } from 'vitest';
import { desiredCalls } from './desired-calls.js';
import { createInferencePolicy } from './policy.js';
import { reconcile } from './reconcile.js';
import { ZERO_SPAN_ID, type InferencePolicy, type ResolverSpan } from './types.js';

const span = (o: Partial<ResolverSpan> & Pick<ResolverSpan, 'spanId' | 'kind' | 'service'>): ResolverSpan => ({
  tenant: 'default',
  traceId: 'a'.repeat(32),
  parentSpanId: ZERO_SPAN_ID,
  startSec: 1_767_225_600,
  startNs: 0,
  durationNs: 1_000_000,
  hasError: false,
  httpStatus: 0,
  endpoint: '',
  dbSystem: '',
  dbNamespace: '',
  serverAddress: '',
  messagingSystem: '',
  messagingDestination: '',
  peerService: '',
  insertedAt: 1000,
  ...o,
});

const wait = (graceMs: number): InferencePolicy => ({ graceMs, immediate: (c) => c.dbSystem !== '' });

const entry = span({ spanId: '1'.repeat(16), kind: 2, service: 'web', endpoint: 'GET /a' });
const internal = span({ spanId: '2'.repeat(16), parentSpanId: entry.spanId, kind: 1, service: 'web', endpoint: 'work' });
const client = span({
  spanId: '3'.repeat(16),
  parentSpanId: internal.spanId,
  kind: 3,
  service: 'web',
  endpoint: 'GET /b',
  serverAddress: 'api.host',
  httpStatus: 503,
});
const server = span({
  spanId: '4'.repeat(16),
  parentSpanId: client.spanId,
  kind: 2,
  service: 'api',
  endpoint: 'GET /b',
  durationNs: 7,
  hasError: true,
});

describe('desiredCalls', () => {
  it('pairs a client span with its server child, with the caller endpoint found through internal spans', () => {
    const { calls, due } = desiredCalls([server, client, internal, entry], 0, wait(60_000));
    expect(due).toBe(Infinity);
    expect(calls).toEqual([
      expect.objectContaining({
        callerService: 'web',
        callerEndpoint: 'GET /a',
        calleeService: 'api',
        calleeType: 'service',
        durationNs: 7,
        isError: 1,
        clientError: 1,
        serverSpanId: server.spanId,
        provisional: false,
      }),
    ]);
  });

  it('marks a call provisional while its caller endpoint waits for a span that has not arrived', () => {
    const [c] = desiredCalls([server, client], 0, wait(60_000)).calls;
    expect(c).toMatchObject({ callerEndpoint: '', provisional: true });
  });

  it('waits for the grace period (and says when it ends), then calls the inferred service', () => {
    expect(desiredCalls([client, entry, internal], 1000 + 59_999, wait(60_000))).toEqual({ calls: [], due: 61_000 });
    const [c] = desiredCalls([client, entry, internal], 1000 + 60_000, wait(60_000)).calls;
    expect(c).toMatchObject({
      calleeService: 'api.host',
      calleeType: 'external',
      serverSpanId: ZERO_SPAN_ID,
      durationNs: 1_000_000,
      provisional: true,
    });
  });

  it('names databases and queues; a database call is inferred at once', () => {
    const db = span({ spanId: '5'.repeat(16), kind: 3, service: 'web', dbSystem: 'postgresql', dbNamespace: 'shop', serverAddress: 'pg' });
    const q = span({ spanId: '6'.repeat(16), kind: 4, service: 'web', messagingSystem: 'kafka', messagingDestination: 'orders' });
    expect(desiredCalls([db], 0, wait(60_000)).calls.map((c) => [c.calleeService, c.calleeType])).toEqual([
      ['postgresql:shop@pg', 'database'],
    ]);
    expect(desiredCalls([db, q], 1e9, wait(0)).calls.map((c) => [c.calleeService, c.calleeType])).toEqual([
      ['postgresql:shop@pg', 'database'],
      ['kafka:orders', 'messaging'],
    ]);
  });
});

describe('inference policy', () => {
  it('learns peers that answer without instrumentation, and forgets them once one answers with a server span', () => {
    const p = createInferencePolicy(180_000);
    expect(p.immediate(client)).toBe(false);
    for (let i = 0; i < 3; i++) p.unanswered(client);
    expect(p.immediate(client)).toBe(true);
    p.answered(client);
    expect(p.immediate(client)).toBe(false);
  });
});

describe('reconcile', () => {
  it('writes the difference: +1 new, -1 no longer wanted, nothing when converged', () => {
    const inferred = desiredCalls([client, entry, internal], 1e9, wait(0)).calls;
    const resolved = desiredCalls([client, entry, internal, server], 1e9, wait(0)).calls;
    expect(reconcile(inferred, []).map((r) => r.sign)).toEqual([1]);
    const fix = reconcile(resolved, [{ row: inferred[0], net: 1 }]);
    expect(fix.map((r) => [r.calleeService, r.sign, r.provisional])).toEqual([
      ['api', 1, false],
      ['api.host', -1, true],
    ]);
    expect(reconcile(resolved, [{ row: resolved[0], net: 1 }])).toEqual([]);
    // duplicated rows (e.g. written twice before a crash) are taken back
    expect(reconcile(resolved, [{ row: resolved[0], net: 2 }]).map((r) => r.sign)).toEqual([-1]);
  });
});

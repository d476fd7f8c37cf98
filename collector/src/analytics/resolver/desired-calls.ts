import type { SignedCall } from './reconcile.js';
import { inferredCallee } from './inferred.js';
import { CLIENT_KINDS, ENTRY_KINDS, ZERO_SPAN_ID, type CalleeType, type InferencePolicy, type ResolverSpan } from './types.js';

const MAX_WALK = 64;

export interface DesiredCalls {
  /** signed +1 and not yet keyed: what a trace's first write is (reconcile.ts) */
  calls: SignedCall[];
  /** earliest time (ms) a client span still waiting for its server child becomes an inferred call; Infinity if none */
  due: number;
}

/**
 * The calls one trace implies, given what has arrived so far (a pure function of the trace's spans, the clock and
 * the policy, so re-running it is harmless):
 * - a client/producer span with server/consumer children: one call per child (caller -> callee service);
 * - without children: a call to the inferred service at once when the policy says so (a database; a peer known to
 *   answer uninstrumented), else once the client span has waited the grace period; before that nothing.
 * The caller endpoint is the endpoint of the nearest entry span above the client span in the same service
 * (or the root span's name when the service was not entered through a server/consumer span).
 */
export function desiredCalls(
  spans: ReadonlyMap<string, ResolverSpan> | Iterable<ResolverSpan>,
  nowMs: number,
  policy: InferencePolicy,
): DesiredCalls {
  // the resolver's traces are already maps by span id (first copy kept): used as they are, not copied per touch
  const byId = spans instanceof Map ? (spans as ReadonlyMap<string, ResolverSpan>) : indexById(spans as Iterable<ResolverSpan>);
  // forEach, not for-of: no iterator result per span (this runs for every trace a batch touches)
  const children = new Map<string, ResolverSpan[]>();
  const clients: ResolverSpan[] = [];
  byId.forEach((s) => {
    if (CLIENT_KINDS.has(s.kind)) clients.push(s);
    if (!ENTRY_KINDS.has(s.kind) || s.parentSpanId === ZERO_SPAN_ID) return;
    const list = children.get(s.parentSpanId);
    if (list) list.push(s);
    else children.set(s.parentSpanId, [s]);
  });
  const calls: SignedCall[] = [];
  let due = Infinity;
  for (let i = 0; i < clients.length; i++) {
    const c = clients[i];
    const caller = callerEndpoint(c, byId);
    const servers = children.get(c.spanId);
    if (servers) {
      for (const s of servers)
        calls.push(callRow(c, caller ?? '', s.spanId, s.service, s.endpoint, 'service', s.durationNs, s.hasError, caller === null));
      continue;
    }
    const at = c.insertedAt + policy.graceMs;
    if (at > nowMs && !policy.immediate(c)) {
      due = Math.min(due, at);
      continue;
    }
    const callee = inferredCallee(c);
    calls.push(callRow(c, caller ?? '', ZERO_SPAN_ID, callee.name, c.endpoint, callee.type, c.durationNs, c.hasError, true));
  }
  return { calls, due };
}

function indexById(spans: Iterable<ResolverSpan>): Map<string, ResolverSpan> {
  const byId = new Map<string, ResolverSpan>();
  for (const s of spans) if (!byId.has(s.spanId)) byId.set(s.spanId, s);
  return byId;
}

/**
 * One call row, written out field by field: V8 takes ~10x longer to build `{ ...base, more }` (this runs for every
 * client span the resolver sees). Signed +1 already, so a trace's first write is these rows, not copies.
 */
function callRow(
  c: ResolverSpan,
  callerEndpoint: string,
  serverSpanId: string,
  calleeService: string,
  calleeEndpoint: string,
  calleeType: CalleeType,
  durationNs: number,
  error: boolean,
  provisional: boolean,
): SignedCall {
  return {
    tenant: c.tenant,
    ts: c.startSec * 1000 + Math.floor(c.startNs / 1e6),
    traceId: c.traceId,
    clientSpanId: c.spanId,
    callerService: c.service,
    callerEndpoint,
    clientError: c.httpStatus >= 400 ? 1 : 0,
    serverSpanId,
    calleeService,
    calleeEndpoint,
    calleeType,
    durationNs,
    isError: error ? 1 : 0,
    provisional,
    sign: 1,
    key: undefined,
  };
}

/**
 * The caller endpoint once it is final, or null while it is not (the walk stopped at a span that has not arrived:
 * the endpoint is '' for now).
 */
function callerEndpoint(c: ResolverSpan, byId: ReadonlyMap<string, ResolverSpan>): string | null {
  let cur: ResolverSpan = c;
  for (let i = 0; i < MAX_WALK; i++) {
    if (cur !== c && ENTRY_KINDS.has(cur.kind) && cur.service === c.service) return cur.endpoint;
    if (cur.parentSpanId === ZERO_SPAN_ID) return cur === c || cur.service !== c.service ? '' : cur.endpoint;
    const parent = byId.get(cur.parentSpanId);
    if (!parent) return null;
    if (parent.service !== c.service) return '';
    cur = parent;
  }
  return '';
}

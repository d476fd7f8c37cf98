import { inferredCallee } from './inferred.js';
import { CLIENT_KINDS, ENTRY_KINDS, ZERO_SPAN_ID, type CallRow, type SkeletonSpan } from './types.js';

const MAX_WALK = 64;

/**
 * The calls one trace implies, given what has arrived so far (a pure function of the trace's spans, the clock
 * and the grace period, so re-running it is harmless):
 * - a client/producer span with server/consumer children: one call per child (caller -> callee service);
 * - without children, once the client span has been stored for `graceMs`: one call to the inferred service;
 * - before that: nothing yet.
 * The caller endpoint is the endpoint of the nearest entry span above the client span in the same service
 * (or the root span's name when the service was not entered through a server/consumer span).
 */
export function desiredCalls(spans: readonly SkeletonSpan[], nowMs: number, graceMs: number): CallRow[] {
  const byId = new Map<string, SkeletonSpan>();
  const children = new Map<string, SkeletonSpan[]>();
  for (const s of spans) byId.set(s.spanId, s);
  for (const s of byId.values()) {
    if (!ENTRY_KINDS.has(s.kind) || s.parentSpanId === ZERO_SPAN_ID) continue;
    const list = children.get(s.parentSpanId);
    if (list) list.push(s);
    else children.set(s.parentSpanId, [s]);
  }
  const out: CallRow[] = [];
  for (const c of byId.values()) {
    if (!CLIENT_KINDS.has(c.kind)) continue;
    const base = {
      tenant: c.tenant,
      ts: c.ts,
      traceId: c.traceId,
      clientSpanId: c.spanId,
      callerService: c.service,
      callerEndpoint: callerEndpoint(c, byId),
      clientError: c.httpStatus >= 400 ? 1 : 0,
    };
    const servers = children.get(c.spanId);
    if (servers) {
      for (const s of servers) {
        out.push({
          ...base,
          serverSpanId: s.spanId,
          calleeService: s.service,
          calleeEndpoint: s.endpoint,
          calleeType: 'service',
          durationNs: s.durationNs,
          isError: s.hasError ? 1 : 0,
        });
      }
    } else if (c.insertedAt + graceMs <= nowMs) {
      const callee = inferredCallee(c);
      out.push({
        ...base,
        serverSpanId: ZERO_SPAN_ID,
        calleeService: callee.name,
        calleeEndpoint: c.endpoint,
        calleeType: callee.type,
        durationNs: c.durationNs,
        isError: c.hasError ? 1 : 0,
      });
    }
  }
  return out;
}

function callerEndpoint(c: SkeletonSpan, byId: Map<string, SkeletonSpan>): string {
  let cur: SkeletonSpan | undefined = c;
  for (let i = 0; i < MAX_WALK && cur; i++) {
    if (cur !== c && ENTRY_KINDS.has(cur.kind) && cur.service === c.service) return cur.endpoint;
    if (cur.parentSpanId === ZERO_SPAN_ID) return cur === c || cur.service !== c.service ? '' : cur.endpoint;
    const parent = byId.get(cur.parentSpanId);
    if (!parent || parent.service !== c.service) return '';
    cur = parent;
  }
  return '';
}

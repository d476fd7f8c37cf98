import type { ArrivedSpan } from '../../ingest/derive/skeleton.js';

/**
 * One span as the resolver sees it: the skeleton the ingest pipeline derived, when it reached the resolver
 * (`insertedAt`: the grace period counts from here) and, when it came from a batch, its record (`src`, `at`).
 */
export type ResolverSpan = ArrivedSpan;

export type CalleeType = 'service' | 'database' | 'messaging' | 'external';

/** One row of the calls table (without sign). */
export interface CallRow {
  tenant: string;
  /** the client span's start, ms since epoch */
  ts: number;
  traceId: string;
  clientSpanId: string;
  serverSpanId: string;
  callerService: string;
  callerEndpoint: string;
  calleeService: string;
  calleeEndpoint: string;
  calleeType: CalleeType;
  durationNs: number;
  isError: number;
  clientError: number;
  /**
   * false when no later span can change the row (a client span with its server child, the caller endpoint found):
   * such rows only go to the edge KPIs; provisional rows (inferred calls, a caller endpoint still unknown) are kept
   * in `calls` too, so they can be taken back exactly when the spans that change them arrive
   */
  provisional: boolean;
}

export const ZERO_SPAN_ID = '0000000000000000';
export const CLIENT_KINDS = new Set([3, 4]);
export const ENTRY_KINDS = new Set([2, 5]);

/** When a client span with no server child becomes a call to an inferred service. */
export interface InferencePolicy {
  graceMs: number;
  /** at once (databases, peers known to answer without instrumentation), else after the grace period */
  immediate(client: ResolverSpan): boolean;
}

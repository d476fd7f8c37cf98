/** One span as the resolver sees it (a row of span_skeleton; ids in lower-case hex). */
export interface SkeletonSpan {
  tenant: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  kind: number;
  /** span start, 'YYYY-MM-DD hh:mm:ss.fff' UTC */
  ts: string;
  durationNs: number;
  hasError: boolean;
  httpStatus: number;
  service: string;
  endpoint: string;
  dbSystem: string;
  dbNamespace: string;
  serverAddress: string;
  messagingSystem: string;
  messagingDestination: string;
  peerService: string;
  /** ms since epoch the span reached ClickHouse */
  insertedAt: number;
}

export type CalleeType = 'service' | 'database' | 'messaging' | 'external';

/** One row of the calls table (without sign). */
export interface CallRow {
  tenant: string;
  ts: string;
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
}

export const ZERO_SPAN_ID = '0000000000000000';
export const CLIENT_KINDS = new Set([3, 4]);
export const ENTRY_KINDS = new Set([2, 5]);

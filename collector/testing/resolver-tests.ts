import { randomBytes } from 'node:crypto';
import type { SkeletonSpan } from '../src/ingest/derive/skeleton.js';
import { startTestCollector, type TestCollector } from './index.js';

/**
 * A collector for tests of a call resolver they create themselves: its storage migrated and embedded, its own
 * resolver off, so only the one under test writes.
 */
export async function startCollectorWithoutResolver(): Promise<TestCollector> {
  process.env.ARGUS_ANALYTICS_RESOLVER = 'off';
  try {
    return await startTestCollector();
  } finally {
    delete process.env.ARGUS_ANALYTICS_RESOLVER;
  }
}

/** Random lower-case hex of `n` bytes (trace ids 16, span ids 8). */
export const randomHex = (n: number) => randomBytes(n).toString('hex');

/** A span skeleton as the ingest pipeline hands it to the call resolver: a fresh span id, started now, a root unless `over` says. */
export function skeletonSpan(traceId: string, service: string, kind: number, over: Partial<SkeletonSpan> = {}): SkeletonSpan {
  return {
    tenant: 'default',
    traceId,
    spanId: randomHex(8),
    parentSpanId: '',
    kind,
    startSec: Math.floor(Date.now() / 1000),
    startNs: 0,
    durationNs: 5e6,
    hasError: false,
    httpStatus: 200,
    service,
    endpoint: kind === 2 ? 'GET /x' : 'GET',
    dbSystem: '',
    dbNamespace: '',
    serverAddress: '',
    messagingSystem: '',
    messagingDestination: '',
    peerService: '',
    ...over,
  };
}

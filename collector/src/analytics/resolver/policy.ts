import { inferredCallee } from './inferred.js';
import type { InferencePolicy, ResolverSpan } from './types.js';

/** Unanswered calls to a peer, with none answered by an instrumented server, before it counts as uninstrumented. */
const LEARN_AFTER = 3;
const MAX_PEERS = 50_000;

export interface LearningPolicy extends InferencePolicy {
  /** a client span to this peer got an instrumented server child */
  answered(client: ResolverSpan): void;
  /** a client span to this peer waited the whole grace period without one */
  unanswered(client: ResolverSpan): void;
}

/**
 * When a client span with no server child counts as a call to an inferred service:
 * - at once for databases (a database answers a query; no instrumented server span is expected) — if one does
 *   arrive, the inferred call is taken back exactly;
 * - at once for a peer (host, queue, peer.service) that has answered LEARN_AFTER calls without an instrumented
 *   server and none with one, since this collector started (an external API, a managed service, a queue nobody
 *   consumes): its calls show on the map within a resolver tick instead of after the grace period;
 * - otherwise after ARGUS_ANALYTICS_GRACE_MS, the time an instrumented server's span may take to arrive.
 */
export function createInferencePolicy(graceMs: number): LearningPolicy {
  const peers = new Map<string, { answered: number; unanswered: number }>();
  const key = (c: ResolverSpan) => `${c.tenant}\u0001${c.service}\u0001${inferredCallee(c).name}`;
  const stats = (c: ResolverSpan) => {
    const k = key(c);
    let s = peers.get(k);
    if (s === undefined) {
      if (peers.size >= MAX_PEERS) peers.delete(peers.keys().next().value!);
      peers.set(k, (s = { answered: 0, unanswered: 0 }));
    }
    return s;
  };
  return {
    graceMs,
    immediate(c) {
      if (c.dbSystem !== '') return true;
      const s = peers.get(key(c));
      return s !== undefined && s.answered === 0 && s.unanswered >= LEARN_AFTER;
    },
    answered(c) {
      if (c.dbSystem === '') stats(c).answered++;
    },
    unanswered(c) {
      if (c.dbSystem === '') stats(c).unanswered++;
    },
  };
}

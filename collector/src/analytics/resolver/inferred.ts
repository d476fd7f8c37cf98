import type { CalleeType, ResolverSpan } from './types.js';

/**
 * The service a client span calls when no instrumented server answered: a database (system + namespace +
 * address), a message destination (system + destination) or an external host (server.address). peer.service,
 * when set, names it.
 */
export function inferredCallee(c: ResolverSpan): { name: string; type: CalleeType } {
  if (c.dbSystem) {
    const name = c.peerService || `${c.dbSystem}${c.dbNamespace ? `:${c.dbNamespace}` : ''}${c.serverAddress ? `@${c.serverAddress}` : ''}`;
    return { name, type: 'database' };
  }
  if (c.messagingSystem) {
    const name = c.peerService || `${c.messagingSystem}${c.messagingDestination ? `:${c.messagingDestination}` : ''}`;
    return { name, type: 'messaging' };
  }
  return { name: c.peerService || c.serverAddress || 'unknown', type: 'external' };
}

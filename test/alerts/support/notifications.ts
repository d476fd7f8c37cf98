import type { Notification } from '../../../collector/src/alerts/channels/types.js';

/** A realistic incident notification; `long` fills every text far past every channel's limits. */
export function sampleNotification(kind: Notification['kind'] = 'open', opts: { long?: boolean; id?: string } = {}): Notification {
  const big = (s: string) => (opts.long ? s + ' <&>'.repeat(3000) : s);
  const eventId = opts.id ?? 'inc_0123456789abcdef';
  return {
    id: `${eventId}:${kind}:chan`,
    kind,
    event: {
      id: eventId,
      type: 'incident',
      state: kind === 'resolve' ? 'resolved' : 'open',
      severity: 'critical',
      title: big('checkout: erroneous calls'),
      text: big('Error rate of checkout is 42.0 % over the last 10 s (threshold 10 %), since 19:04:12 UTC.'),
      suggestion: big('Look at the failing calls to inventory.'),
      startMs: Date.now() - 120_000,
      endMs: kind === 'resolve' ? Date.now() : undefined,
      entity: { id: 'service:checkout', type: 'service', name: big('checkout') },
      host: 'web-1',
      signal: { name: 'error rate', value: 0.42, threshold: 0.1, unit: 'ratio' },
      rootCause: {
        name: big('inventory'),
        entityId: 'service:inventory',
        explanation: big('inventory fails 100 % of its calls since 19:04:10.'),
      },
      tags: { service: 'checkout', zone: 'eu-1' },
      link: 'http://127.0.0.1:8080/incidents/inc_0123456789abcdef',
      exampleTraces: ['0af7651916cd43dd8448eb211c80319c', '4bf92f3577b34da6a3ce929d0e0e4736'].map((traceId, i) => ({
        traceId,
        service: big('checkout'),
        endpoint: big('POST /checkout'),
        error: i === 0,
        link: `http://127.0.0.1:8080/api/v1/traces/${traceId}`,
      })),
    },
  };
}

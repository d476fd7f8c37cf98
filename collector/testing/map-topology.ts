/**
 * The dependency-map test's topology (collector/src/analytics/map.test.ts): frontend -> checkout -> inventory,
 * pricing, mailer, a PostgreSQL database, Stripe and a Kafka topic, `N` requests one second apart from `base`, made
 * with the real OpenTelemetry SDK, every service's spans in requests of their own (servers first, then clients first,
 * then mixed). Returns what was sent: per edge and per service the durations and errors, and one failed trace.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind, type createWorld } from './otel-world.js';

export type Truth = Map<string, { durations: number[]; errors: number; clientErrors: number }>;
export type ServiceTruth = Map<string, { durations: number[]; errors: number }>;

export async function sendMapTopology(
  world: ReturnType<typeof createWorld>,
  base: number,
  N: number,
): Promise<{ truth: Truth; services: ServiceTruth; errorTrace: string }> {
  const truth = new Map<string, { durations: number[]; errors: number; clientErrors: number }>();
  const services = new Map<string, { durations: number[]; errors: number }>();
  const record = (
    m: Map<string, { durations: number[]; errors: number; clientErrors?: number }>,
    k: string,
    d: number,
    err = false,
    clientErr = false,
  ) => {
    const e = m.get(k) ?? { durations: [], errors: 0, clientErrors: 0 };
    e.durations.push(d);
    if (err) e.errors++;
    if (clientErr) e.clientErrors = (e.clientErrors ?? 0) + 1;
    m.set(k, e);
  };
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const dur = (min: number, spread: number) => Math.round((min + rand() * spread) * 1000) / 1000;
  let errorTrace = '';
  const host = (h: string, pid: number) => ({
    'host.name': h,
    'host.id': `m-${h}`,
    'process.pid': pid,
    'argus.entity.id': `nodejs:m-${h}:${pid}`,
  });
  const fe = world.service('frontend', host('host-a', 100));
  const co = world.service('checkout', { ...host('host-b', 200), 'container.id': 'c0ffee' });
  const inv = world.service('inventory', host('host-b', 300));
  const pr = world.service('pricing', host('host-c', 400));
  const ml = world.service('mailer', host('host-c', 500));
  const batches: ReadableSpan[][] = [];
  const perService = new Map<string, ReadableSpan[]>();
  for (let i = 0; i < N; i++) {
    const t = base + i * 1000;
    const by = new Map<string, ReadableSpan[]>();
    const add = (s: ReadableSpan) =>
      (
        by.get(s.resource.attributes['service.name'] as string) ??
        by.set(s.resource.attributes['service.name'] as string, []).get(s.resource.attributes['service.name'] as string)!
      ).push(s);
    const feD = dur(300, 50);
    const root = fe.span({
      name: 'GET /checkout',
      kind: SpanKind.SERVER,
      startMs: t,
      durationMs: feD,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/checkout',
        'http.response.status_code': 200,
        'customer.tier': i % 3 === 0 ? 'gold' : 'silver',
      },
    });
    add(root);
    record(services, 'frontend', feD);
    // chain: frontend -> checkout (the client span has no route: its own endpoint is a normalized path)
    const coD = dur(100, 80);
    const c1 = fe.span({
      name: 'POST',
      kind: SpanKind.CLIENT,
      parent: root,
      startMs: t + 1,
      durationMs: coD + 2,
      attributes: { 'http.request.method': 'POST', 'server.address': 'checkout', 'url.full': `http://checkout/orders/${1000 + i}?x=1` },
    });
    add(c1);
    const s1 = co.span({
      name: 'POST /orders/:id',
      kind: SpanKind.SERVER,
      parent: c1,
      startMs: t + 2,
      durationMs: coD,
      attributes: { 'http.request.method': 'POST', 'http.route': '/orders/:id', 'http.response.status_code': 200 },
    });
    add(s1);
    record(truth, 'frontend>checkout', coD);
    record(services, 'checkout', coD);
    // a database behind an internal span, an external host, a queue with a consumer and one without
    const work = co.span({ name: 'load order', kind: SpanKind.INTERNAL, parent: s1, startMs: t + 3, durationMs: 30 });
    add(work);
    const dbD = dur(2, 20);
    add(
      co.span({
        name: 'SELECT shop.orders',
        kind: SpanKind.CLIENT,
        parent: work,
        startMs: t + 4,
        durationMs: dbD,
        attributes: {
          'db.system.name': 'postgresql',
          'db.namespace': 'shop',
          'server.address': 'pg.local',
          'db.operation.name': 'SELECT',
          'db.collection.name': 'orders',
        },
      }),
    );
    record(truth, 'checkout>postgresql:shop@pg.local', dbD);
    const exD = dur(40, 60);
    const declined = i % 4 === 0;
    add(
      co.span({
        name: 'POST',
        kind: SpanKind.CLIENT,
        parent: s1,
        startMs: t + 40,
        durationMs: exD,
        attributes: {
          'http.request.method': 'POST',
          'server.address': 'api.stripe.com',
          'url.full': `https://api.stripe.com/v1/charges/${5000 + i}`,
          'http.response.status_code': declined ? 402 : 200,
        },
      }),
    );
    record(truth, 'checkout>api.stripe.com', exD, false, declined);
    const prod = co.span({
      name: 'orders publish',
      kind: SpanKind.PRODUCER,
      parent: s1,
      startMs: t + 90,
      durationMs: 1.5,
      attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' },
    });
    add(prod);
    const mlD = dur(10, 10);
    add(
      ml.span({
        name: 'orders process',
        kind: SpanKind.CONSUMER,
        parent: prod,
        startMs: t + 95,
        durationMs: mlD,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'orders' },
      }),
    );
    record(truth, 'checkout>mailer', mlD);
    record(services, 'mailer', mlD);
    const auD = dur(1, 1);
    add(
      co.span({
        name: 'audit publish',
        kind: SpanKind.PRODUCER,
        parent: s1,
        startMs: t + 92,
        durationMs: auD,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': 'audit' },
      }),
    );
    record(truth, 'checkout>kafka:audit', auD);
    // fan-out from frontend, with an error in a leaf
    const invD = dur(5, 15);
    const c2 = fe.span({
      name: 'GET',
      kind: SpanKind.CLIENT,
      parent: root,
      startMs: t + 200,
      durationMs: invD + 1,
      attributes: { 'http.request.method': 'GET', 'server.address': 'inventory' },
    });
    add(c2);
    add(
      inv.span({
        name: 'GET /stock/:sku',
        kind: SpanKind.SERVER,
        parent: c2,
        startMs: t + 200.5,
        durationMs: invD,
        attributes: { 'http.request.method': 'GET', 'http.route': '/stock/:sku', 'http.response.status_code': 200 },
      }),
    );
    record(truth, 'frontend>inventory', invD);
    record(services, 'inventory', invD);
    const prD = dur(5, 30);
    const failed = i % 5 === 0;
    const c3 = fe.span({
      name: 'GET',
      kind: SpanKind.CLIENT,
      parent: root,
      startMs: t + 201,
      durationMs: prD + 1,
      attributes: { 'http.request.method': 'GET', 'server.address': 'pricing', 'http.response.status_code': failed ? 500 : 200 },
    });
    add(c3);
    const ps = pr.span({
      name: 'GET /price',
      kind: SpanKind.SERVER,
      parent: c3,
      startMs: t + 201.5,
      durationMs: prD,
      error: failed,
      attributes: { 'http.request.method': 'GET', 'http.route': '/price', 'http.response.status_code': failed ? 500 : 200 },
    });
    add(ps);
    if (failed && !errorTrace) errorTrace = ps.spanContext().traceId;
    record(truth, 'frontend>pricing', prD, failed, failed);
    record(services, 'pricing', prD, failed);
    for (const [svc, spans] of by) (perService.get(svc) ?? perService.set(svc, []).get(svc)!).push(...spans);
    // every service's spans travel in their own requests (10 iterations each); servers first, then clients
    // first, then a mix
    if (i % 10 === 9) {
      const chunk = Math.floor(i / 10);
      const order =
        chunk === 0
          ? ['mailer', 'pricing', 'inventory', 'checkout', 'frontend']
          : chunk === 1
            ? ['frontend', 'checkout', 'inventory', 'pricing', 'mailer']
            : ['checkout', 'frontend', 'mailer', 'inventory', 'pricing'];
      for (const svc of order) batches.push(perService.get(svc) ?? []);
      perService.clear();
    }
  }
  for (const b of batches) await world.send(b);
  return { truth, services, errorTrace };
}

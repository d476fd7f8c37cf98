/**
 * A 20-service shop: six trace templates (browse, login, search, add to cart, checkout with payments and async
 * order events, a background consumer) with databases, a cache, queues and external hosts. Each span row is
 * one template line; the generator in load.ts repeats templates over a day in SQL.
 */
export interface TemplateSpan {
  tpl: number;
  idx: number;
  parent: number; // -1 = root
  kind: number; // 1 internal 2 server 3 client 4 producer 5 consumer
  service: string;
  name: string;
  httpMethod?: string;
  httpRoute?: string;
  urlPath?: string;
  serverAddress?: string;
  dbSystem?: string;
  dbNamespace?: string;
  dbOperation?: string;
  dbCollection?: string;
  messagingSystem?: string;
  messagingDestination?: string;
  offsetMs: number;
  durMs: number;
}

export const SERVICES = [
  'gateway',
  'web',
  'catalog',
  'recommendations',
  'reviews',
  'auth',
  'users',
  'search',
  'pricing',
  'cart',
  'inventory',
  'checkout',
  'payments',
  'fraud',
  'ledger',
  'orders',
  'shipping',
  'notifications',
  'mailer',
  'analytics-worker',
];

/** template id per (trace number % 20): browse 30 %, login 10 %, search 25 %, cart 15 %, checkout 10 %, worker 10 % */
export const TEMPLATE_MIX = [1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6];

function builder(tpl: number) {
  const spans: TemplateSpan[] = [];
  const add = (s: Omit<TemplateSpan, 'tpl' | 'idx' | 'offsetMs'>) => {
    const idx = spans.length;
    spans.push({ ...s, tpl, idx, offsetMs: idx * 2 });
    return idx;
  };
  return {
    spans,
    server: (parent: number, service: string, method: string, route: string, durMs: number) =>
      add({ parent, kind: 2, service, name: `${method} ${route}`, httpMethod: method, httpRoute: route, durMs }),
    /** an HTTP call to another service: client span + its server child; returns the server span */
    call(parent: number, from: string, to: string, method: string, route: string, path: string, durMs: number) {
      const c = add({
        parent,
        kind: 3,
        service: from,
        name: method,
        httpMethod: method,
        urlPath: path,
        serverAddress: to,
        durMs: durMs + 1,
      });
      return add({ parent: c, kind: 2, service: to, name: `${method} ${route}`, httpMethod: method, httpRoute: route, durMs });
    },
    external: (parent: number, from: string, host: string, method: string, path: string, durMs: number) =>
      add({ parent, kind: 3, service: from, name: method, httpMethod: method, urlPath: path, serverAddress: host, durMs }),
    db: (parent: number, from: string, system: string, ns: string, addr: string, op: string, coll: string, durMs: number) =>
      add({
        parent,
        kind: 3,
        service: from,
        name: `${op} ${coll}`,
        dbSystem: system,
        dbNamespace: ns,
        serverAddress: addr,
        dbOperation: op,
        dbCollection: coll,
        durMs,
      }),
    produce: (parent: number, from: string, dest: string) =>
      add({ parent, kind: 4, service: from, name: `${dest} publish`, messagingSystem: 'kafka', messagingDestination: dest, durMs: 1 }),
    consume: (parent: number, service: string, dest: string, durMs: number) =>
      add({ parent, kind: 5, service, name: `${dest} process`, messagingSystem: 'kafka', messagingDestination: dest, durMs }),
    internal: (parent: number, service: string, name: string, durMs: number) => add({ parent, kind: 1, service, name, durMs }),
  };
}

export function templates(): TemplateSpan[] {
  const all: TemplateSpan[] = [];
  {
    const b = builder(1);
    const root = b.server(-1, 'gateway', 'GET', '/', 120);
    const web = b.call(root, 'gateway', 'web', 'GET', '/home', '/home', 110);
    const cat = b.call(web, 'web', 'catalog', 'GET', '/products', '/products', 30);
    b.db(cat, 'catalog', 'postgresql', 'catalog', 'pg-catalog', 'SELECT', 'products', 8);
    const rec = b.call(web, 'web', 'recommendations', 'GET', '/recs/:user', '/recs/4711', 25);
    b.db(rec, 'recommendations', 'redis', '', 'cache', 'GET', '', 1);
    const rev = b.call(web, 'web', 'reviews', 'GET', '/reviews/:product', '/reviews/123', 20);
    b.db(rev, 'reviews', 'postgresql', 'reviews', 'pg-catalog', 'SELECT', 'reviews', 6);
    all.push(...b.spans);
  }
  {
    const b = builder(2);
    const root = b.server(-1, 'gateway', 'POST', '/login', 80);
    const auth = b.call(root, 'gateway', 'auth', 'POST', '/sessions', '/sessions', 70);
    const usr = b.call(auth, 'auth', 'users', 'GET', '/users/:id', '/users/99', 15);
    b.db(usr, 'users', 'postgresql', 'users', 'pg-users', 'SELECT', 'users', 4);
    b.db(auth, 'auth', 'redis', '', 'cache', 'SET', '', 1);
    all.push(...b.spans);
  }
  {
    const b = builder(3);
    const root = b.server(-1, 'gateway', 'GET', '/search', 150);
    const s = b.call(root, 'gateway', 'search', 'GET', '/search', '/search', 140);
    b.external(s, 'search', 'es.internal', 'POST', '/products/_search', 60);
    const p = b.call(s, 'search', 'pricing', 'POST', '/prices', '/prices', 20);
    b.db(p, 'pricing', 'redis', '', 'cache', 'MGET', '', 2);
    all.push(...b.spans);
  }
  {
    const b = builder(4);
    const root = b.server(-1, 'gateway', 'POST', '/cart/items', 60);
    const cart = b.call(root, 'gateway', 'cart', 'POST', '/cart/:id/items', '/cart/5/items', 50);
    const inv = b.call(cart, 'cart', 'inventory', 'GET', '/stock/:sku', '/stock/777', 12);
    b.db(inv, 'inventory', 'postgresql', 'inventory', 'pg-orders', 'SELECT', 'stock', 5);
    b.db(cart, 'cart', 'redis', '', 'cache', 'HSET', '', 1);
    all.push(...b.spans);
  }
  {
    const b = builder(5);
    const root = b.server(-1, 'gateway', 'POST', '/checkout', 400);
    const co = b.call(root, 'gateway', 'checkout', 'POST', '/checkout', '/checkout', 380);
    const work = b.internal(co, 'checkout', 'validate cart', 20);
    const pay = b.call(work, 'checkout', 'payments', 'POST', '/payments', '/payments', 250);
    b.call(pay, 'payments', 'fraud', 'POST', '/score', '/score', 30);
    b.external(pay, 'payments', 'api.stripe.com', 'POST', '/v1/charges', 180);
    const led = b.call(pay, 'payments', 'ledger', 'POST', '/entries', '/entries', 15);
    b.db(led, 'ledger', 'postgresql', 'ledger', 'pg-orders', 'INSERT', 'entries', 5);
    const ord = b.call(co, 'checkout', 'orders', 'POST', '/orders', '/orders', 40);
    b.db(ord, 'orders', 'postgresql', 'orders', 'pg-orders', 'INSERT', 'orders', 6);
    const p1 = b.produce(ord, 'orders', 'orders');
    const ship = b.consume(p1, 'shipping', 'orders', 25);
    b.db(ship, 'shipping', 'postgresql', 'orders', 'pg-orders', 'INSERT', 'shipments', 5);
    const p2 = b.produce(ord, 'orders', 'order-events');
    const note = b.consume(p2, 'notifications', 'order-events', 40);
    const mail = b.call(note, 'notifications', 'mailer', 'POST', '/send', '/send', 30);
    b.external(mail, 'mailer', 'smtp.sendgrid.net', 'POST', '/v3/mail/send', 25);
    all.push(...b.spans);
  }
  {
    const b = builder(6);
    const c = b.consume(-1, 'analytics-worker', 'clicks', 12);
    b.db(c, 'analytics-worker', 'clickhouse', 'events', 'ch-events', 'INSERT', 'clicks', 8);
    all.push(...b.spans);
  }
  return all;
}

export function spansPerTrace(): number {
  const count = new Map<number, number>();
  for (const s of templates()) count.set(s.tpl, (count.get(s.tpl) ?? 0) + 1);
  return TEMPLATE_MIX.reduce((a, t) => a + (count.get(t) ?? 0), 0) / TEMPLATE_MIX.length;
}

/**
 * Realistic OTLP trace requests for the ingest benchmark: 5 services, traces of ~8 spans (server, client, db,
 * internal), about 15 attributes per span. Each template is encoded once; before every send its ids are replaced
 * in place by fresh random ones (every occurrence of an id gets the same new value, so parent links stay right),
 * its per-request unique value (`request.id`) by a fresh UUID, and its timestamps are moved to the time of the
 * send, so stored spans are as unique as real ones (on disk they compress like real ones, not like copies) without
 * paying encoding cost in the load generator.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { loadOtlpTypes } from '@argus/otlp';

const SERVICES = ['frontend', 'checkout', 'catalog', 'payments', 'users'];
const ROUTES = ['/api/orders/:id', '/api/cart', '/api/products/:id', '/api/pay', '/api/users/:id/profile', '/health'];
const UA = ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36', 'okhttp/4.12.0', 'Go-http-client/1.1'];

export interface Template {
  body: Buffer;
  spans: number;
  /** [offset, length, idIndex] for every id occurrence */
  slots: Array<[number, number, number]>;
  ids: number;
  /** offsets of every request.id UUID (36 ASCII characters in both encodings) */
  uuids: number[];
  /** [offset, nanoseconds] of every start/end time: fixed64 little-endian (protobuf) or 19 decimal digits (JSON) */
  times: Array<[number, bigint]>;
  /** the template's reference time (ns); a send moves every time by (now - t0) */
  t0: bigint;
}

const kv = (key: string, v: string | number | boolean) => ({
  key,
  value:
    typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : Number.isInteger(v)
          ? { intValue: v }
          : { doubleValue: v },
});

/**
 * Placeholder ids: "ARGS" + a 4-byte sequence number (+ 8 bytes of 0xEE for trace ids), so every occurrence can be
 * found with one linear scan of the encoded body and replaced by fresh random bytes before each send.
 */
const MAGIC = Buffer.from('ARGS');
let seq = 0;
function placeholder(len: 16 | 8): Buffer {
  const b = Buffer.alloc(len, 0xee);
  MAGIC.copy(b, 0);
  b.writeUInt32BE(seq++, 4);
  return b;
}

function trace(t0: bigint, rnd: () => number, uuids: string[], times: bigint[]) {
  const traceId = placeholder(16);
  const spans: { service: string; span: Record<string, unknown> }[] = [];
  const mk = (
    service: string,
    name: string,
    kind: number,
    parent: Buffer | undefined,
    start: bigint,
    durUs: number,
    attrs: ReturnType<typeof kv>[],
    error = false,
  ) => {
    const spanId = placeholder(8);
    times.push(start, start + BigInt(durUs) * 1000n);
    spans.push({
      service,
      span: {
        traceId,
        spanId,
        parentSpanId: parent,
        name,
        kind,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + BigInt(durUs) * 1000n).toString(),
        attributes: attrs,
        status: { code: error ? 2 : 0 },
      },
    });
    return spanId;
  };
  const id = Math.floor(rnd() * 1e6);
  const route = ROUTES[Math.floor(rnd() * ROUTES.length)];
  const status = rnd() < 0.02 ? 500 : 200;
  const http = (method: string, path: string, code: number) => [
    kv('http.request.method', method),
    kv('http.route', route),
    kv('url.path', path),
    kv('url.scheme', 'http'),
    kv('http.response.status_code', code),
    kv('server.address', 'frontend.shop.svc'),
    kv('server.port', 8080),
    kv('client.address', `10.0.${id % 250}.${id % 200}`),
    kv('user_agent.original', UA[id % UA.length]),
    kv('network.protocol.version', '1.1'),
    kv('http.request.body.size', 100 + (id % 900)),
    kv('request.id', (uuids.push(randomUUID()), uuids[uuids.length - 1])),
    kv('enduser.id', `user-${id % 5000}`),
    kv('thread.id', 1 + (id % 16)),
    kv('sampled', true),
  ];
  const path = route.replace(':id', String(id));
  const root = mk(
    'frontend',
    `GET ${route}`,
    2,
    undefined,
    t0,
    20_000 + Math.floor(rnd() * 80_000),
    http('GET', path, status),
    status >= 500,
  );
  let t = t0 + 1_000_000n;
  for (let i = 0; i < 3; i++) {
    const svc = SERVICES[1 + ((id + i) % 4)];
    const cli = mk('frontend', `POST ${svc}`, 3, root, t, 5_000 + Math.floor(rnd() * 10_000), http('POST', `/rpc/${svc}`, 200));
    const srv = mk(svc, `POST /rpc/${svc}`, 2, cli, t + 200_000n, 4_000 + Math.floor(rnd() * 9_000), http('POST', `/rpc/${svc}`, 200));
    if (i < 1) {
      mk(svc, 'SELECT products', 3, srv, t + 400_000n, 500 + Math.floor(rnd() * 3_000), [
        kv('db.system.name', 'postgresql'),
        kv('db.namespace', 'shop'),
        kv('db.operation.name', 'SELECT'),
        kv('db.collection.name', 'products'),
        kv('db.query.text', 'SELECT id, name, price FROM products WHERE id = $1'),
        kv('server.address', 'pg.shop.svc'),
        kv('server.port', 5432),
        kv('network.peer.address', '10.1.0.5'),
        kv('db.response.returned_rows', id % 20),
        kv('thread.id', 3),
        kv('code.function', 'findProduct'),
        kv('code.filepath', '/app/src/catalog/repository.ts'),
        kv('code.lineno', 42),
        kv('pool.name', 'primary'),
        kv('db.user', 'shop'),
      ]);
    }
    t += 10_000_000n;
  }
  return spans;
}

function request(spansPerRequest: number, t0: bigint, rnd: () => number, uuids: string[], times: bigint[]) {
  const byService = new Map<string, Record<string, unknown>[]>();
  let n = 0;
  let t = t0;
  while (n < spansPerRequest) {
    for (const { service, span } of trace(t, rnd, uuids, times)) {
      if (n >= spansPerRequest) break;
      if (!byService.has(service)) byService.set(service, []);
      byService.get(service)!.push(span);
      n++;
    }
    t += 3_000_000n;
  }
  return {
    resourceSpans: [...byService].map(([service, spans], i) => ({
      resource: {
        attributes: [
          kv('service.name', service),
          kv('service.version', '2.4.1'),
          kv('host.name', `node-${i}`),
          kv('process.pid', 1000 + i),
          kv('telemetry.sdk.name', 'opentelemetry'),
          kv('telemetry.sdk.language', 'nodejs'),
          kv('telemetry.sdk.version', '2.12.0'),
          kv('deployment.environment.name', 'production'),
        ],
      },
      scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' }, spans }],
    })),
  };
}

function slotsFor(body: Buffer, ids: Buffer[], hex: boolean): Template['slots'] {
  const index = new Map(ids.map((id, i) => [id.toString('hex'), i]));
  const slots: Template['slots'] = [];
  const magic = hex ? Buffer.from(MAGIC.toString('hex')) : MAGIC;
  const w = hex ? 2 : 1;
  for (let at = body.indexOf(magic); at >= 0; at = body.indexOf(magic, at + 8 * w)) {
    const long = hex
      ? body.toString('latin1', at + 16, at + 32) === 'ee'.repeat(8)
      : body.subarray(at + 8, at + 16).equals(Buffer.alloc(8, 0xee));
    const len = (long ? 16 : 8) * w;
    const key = hex ? body.toString('latin1', at, at + len) : body.subarray(at, at + len).toString('hex');
    const idx = index.get(key);
    if (idx === undefined) continue;
    slots.push([at, len, idx]);
  }
  return slots;
}

export function buildTemplates(count: number, spansPerRequest: number, format: 'protobuf' | 'json'): Template[] {
  const types = loadOtlpTypes();
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: Template[] = [];
  const t0 = BigInt(Date.now() - 60_000) * 1_000_000n;
  for (let i = 0; i < count; i++) {
    const uuids: string[] = [];
    const times: bigint[] = [];
    const req = request(spansPerRequest, t0 + BigInt(i) * 1_000_000n, rnd, uuids, times);
    const ids: Buffer[] = [];
    const seen = new Set<string>();
    for (const rs of req.resourceSpans)
      for (const s of rs.scopeSpans[0].spans)
        for (const k of ['traceId', 'spanId']) {
          const b = s[k] as Buffer;
          if (!seen.has(b.toString('hex'))) {
            seen.add(b.toString('hex'));
            ids.push(b);
          }
        }
    let body: Buffer;
    if (format === 'protobuf') {
      const T = types.ExportTraceServiceRequest;
      body = Buffer.from(T.encode(T.fromObject(req)).finish());
    } else {
      body = Buffer.from(
        JSON.stringify(req, (k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v)),
      );
    }
    out.push({
      body,
      spans: spansPerRequest,
      slots: slotsFor(body, ids, format === 'json'),
      ids: ids.length,
      uuids: uuids.flatMap((u) => occurrences(body, Buffer.from(u))),
      times: [...new Set(times)].flatMap((ns) =>
        occurrences(body, encodeTime(ns, format === 'json')).map((at): [number, bigint] => [at, ns]),
      ),
      t0,
    });
  }
  return out;
}

function encodeTime(ns: bigint, json: boolean): Buffer {
  if (json) return Buffer.from(`"${ns}"`);
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(ns);
  return b;
}

function occurrences(body: Buffer, needle: Buffer): number[] {
  const at: number[] = [];
  for (let i = body.indexOf(needle); i >= 0; i = body.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

/** A copy of the template with fresh ids (consistently), fresh request ids and its times moved to now. */
export function freshBody(t: Template, hex: boolean): Buffer {
  const body = Buffer.from(t.body);
  const shift = BigInt(Date.now()) * 1_000_000n - t.t0;
  for (const [at, ns] of t.times) {
    if (hex) body.write(String(ns + shift), at + 1, 'latin1');
    else body.writeBigUInt64LE(ns + shift, at);
  }
  for (const at of t.uuids) body.write(randomUUID(), at, 'latin1');
  const fresh = randomBytes(16 * t.ids);
  for (const [at, len, idx] of t.slots) {
    const src = fresh.subarray(idx * 16, idx * 16 + (hex ? len / 2 : len));
    if (hex) body.write(src.toString('hex'), at, 'latin1');
    else src.copy(body, at);
  }
  return body;
}

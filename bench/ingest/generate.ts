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
  /** every id occurrence as three numbers: offset, length, id index */
  slots: Int32Array;
  ids: number;
  /** offsets of every request.id UUID (36 ASCII characters in both encodings) */
  uuids: Int32Array;
  /** offset of every start/end time: fixed64 little-endian (protobuf) or 19 decimal digits in quotes (JSON) */
  timeAt: Int32Array;
  /** that time in nanoseconds after t0 */
  timeDelta: Float64Array;
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

/**
 * Every occurrence in `body` of the `len`-byte values that `values` has (keyed by their latin1 text), found in one
 * scan: a candidate is a position right after one of the `after` bytes (a protobuf tag or length, a JSON quote or
 * colon), so a 550 KB body is scanned once however many values it holds.
 */
function scan<V>(body: Buffer, len: number, after: readonly number[], values: Map<string, V>): Array<[number, V]> {
  const out: Array<[number, V]> = [];
  for (let at = 1; at + len <= body.length; at++) {
    if (!after.includes(body[at - 1])) continue;
    const v = values.get(body.toString('latin1', at, at + len));
    if (v === undefined) continue;
    out.push([at, v]);
    at += len - 1;
  }
  return out;
}

function slotsFor(body: Buffer, ids: Buffer[], hex: boolean): Int32Array {
  const slots: number[] = [];
  const w = hex ? 2 : 1;
  // ids are fields 1, 2 and 4 of a Span (tags 0x0a, 0x12, 0x22; length 16 or 8), or a JSON string's text
  for (const len of [16, 8]) {
    const index = new Map<string, number>();
    ids.forEach((id, i) => id.length === len && index.set(hex ? id.toString('hex') : id.toString('latin1'), i));
    for (const [at, i] of scan(body, len * w, hex ? [0x22] : [len], index)) slots.push(at, len * w, i);
  }
  return Int32Array.from(slots);
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
    const json = format === 'json';
    const found = scan(body, 36, json ? [0x22] : [36], new Map(uuids.map((u) => [u, true])));
    // start and end times: fields 7 and 8 of a Span (fixed64, tags 0x39 and 0x41), or a JSON "digits" after a colon
    const byText = new Map(times.map((ns) => [encodeTime(ns, json).toString('latin1'), ns]));
    const at = scan(body, json ? 21 : 8, json ? [0x3a] : [0x39, 0x41], byText);
    out.push({
      body,
      spans: spansPerRequest,
      slots: slotsFor(body, ids, json),
      ids: ids.length,
      uuids: Int32Array.from(found, ([o]) => o),
      timeAt: Int32Array.from(at, ([o]) => o),
      timeDelta: Float64Array.from(at, ([, ns]) => Number(ns - t0)),
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

const TWO32 = 4294967296;

/**
 * A copy of the template with fresh ids (consistently), fresh request ids and its times moved to now; into `into`
 * (a buffer at least as long as the template, reused across sends) when given, else into a new buffer.
 */
export function freshBody(t: Template, hex: boolean, into?: Buffer): Buffer {
  const body = into ? into.subarray(0, t.body.length) : Buffer.allocUnsafe(t.body.length);
  t.body.copy(body);
  const now = BigInt(Date.now()) * 1_000_000n;
  const { timeAt, timeDelta } = t;
  if (hex) {
    for (let i = 0; i < timeAt.length; i++) body.write(String(now + BigInt(timeDelta[i])), timeAt[i] + 1, 'latin1');
  } else {
    // now + delta as two 32-bit halves: no BigInt per time
    const lo0 = Number(now % BigInt(TWO32));
    const hi0 = Number(now / BigInt(TWO32));
    for (let i = 0; i < timeAt.length; i++) {
      const sum = lo0 + timeDelta[i];
      const lo = sum % TWO32;
      body.writeUInt32LE(lo, timeAt[i]);
      body.writeUInt32LE(hi0 + (sum - lo) / TWO32, timeAt[i] + 4);
    }
  }
  for (const at of t.uuids) body.write(randomUUID(), at, 'latin1');
  const fresh = randomBytes(16 * t.ids);
  const slots = t.slots;
  for (let i = 0; i < slots.length; i += 3) {
    const at = slots[i];
    const len = slots[i + 1];
    const src = fresh.subarray(slots[i + 2] * 16, slots[i + 2] * 16 + (hex ? len / 2 : len));
    if (hex) body.write(src.toString('hex'), at, 'latin1');
    else src.copy(body, at);
  }
  return body;
}

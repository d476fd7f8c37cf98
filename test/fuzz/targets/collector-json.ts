/**
 * JSON ingest surfaces of the collector besides OTLP: the EUM beacon batch (parse, schema, user agent, IP, rows)
 * and the agent's entity report (parse, schema).
 *
 * Documented failure: none escapes these steps; the routes turn a bad body into 400 EUM_MALFORMED /
 * EUM_INVALID_BEACON / INVALID_JSON / INVALID_ENTITIES. The targets return those outcomes, and anything thrown is a
 * finding. Properties: every TSV row has one field per column; what the schema accepts has times ClickHouse can
 * store (DateTime64(3) ends in 2299), so an accepted body is never refused by the insert.
 */
import { entitiesBody } from '../../../common/api/src/index.js';
import fc from 'fast-check';
import { ArgusError } from '../../../collector/src/errors.js';
import { anonymizeIp, createUaParser } from '../../../collector/src/eum/ingest/client.js';
import { checkTimes } from '../../../collector/src/infrastructure/entities/ingest-route.js';
import { BEACON_COLUMNS, beaconRow, RESOURCE_COLUMNS, resourceRows, type RowContext } from '../../../collector/src/eum/ingest/rows.js';
import { batchSchema } from '../../../collector/src/eum/ingest/schema.js';
import { violated, type FuzzTarget } from '../harness.js';

/** 2299-12-31: the last instant a DateTime64(3) column holds */
const MAX_DATETIME64_MS = 10_413_791_999_000;

function checkTsv(what: string, text: string, columns: number, rows: number): void {
  const lines = text === '' ? [] : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  if (lines.length !== rows) violated(`${what}: ${lines.length} lines for ${rows} rows`);
  for (const line of lines)
    if (line.split('\t').length !== columns) violated(`${what}: ${line.split('\t').length} fields, ${columns} columns`);
}

const parseUa = createUaParser();
const tok = fc.stringMatching(/^[0-9a-zA-Z_-]{1,64}$/);
const msArb = fc.oneof(fc.double({ min: 0, max: 3_600_000, noNaN: true }), fc.constantFrom(-1, 1e300, NaN));
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const beacon = fc.oneof(
  fc.record({
    t: fc.constant('pl'),
    ts: opt(fc.double()),
    p: opt(fc.string()),
    d: opt(msArb),
    nt: opt(fc.dictionary(fc.string({ maxLength: 4 }), msArb)),
    cls: opt(fc.double()),
    bt: opt(fc.stringMatching(/^[0-9a-f]{16,32}$/)),
    vw: opt(fc.integer()),
  }),
  fc.record({ t: fc.constant('wv'), fcp: opt(msArb), lcp: opt(msArb), inp: opt(msArb), la: opt(fc.string()) }),
  fc.record({
    t: fc.constant('res'),
    r: fc.dictionary(
      fc.webUrl(),
      fc.array(fc.tuple(fc.string(), fc.constantFrom('s', 'l', 'i', 'zz'), msArb, msArb, fc.nat(), fc.nat(), fc.nat()), { maxLength: 3 }),
      { maxKeys: 3 },
    ),
  }),
  fc.record({
    t: fc.constant('xhr'),
    m: fc.constantFrom('GET', 'POST', '\t'),
    sc: fc.integer({ min: -5, max: 1000 }),
    d: msArb,
    u: opt(fc.webUrl()),
    tp: opt(fc.stringMatching(/^[0-9a-f]{32}$/)),
  }),
  fc.record({ t: fc.constant('err'), msg: fc.string(), st: opt(fc.string()), c: fc.integer({ min: 0, max: 2_000_000 }) }),
  fc.record({ t: fc.constant('pc'), p: fc.string(), fp: opt(fc.string()), d: opt(msArb) }),
  fc.record({ t: fc.constant('ce'), n: fc.string(), m: opt(fc.dictionary(fc.string(), fc.string(), { maxKeys: 30 })) }),
);
const batch = fc.record(
  {
    v: fc.constant(1),
    k: fc.string({ minLength: 1, maxLength: 20 }),
    s: tok,
    pl: tok,
    ui: opt(fc.string()),
    m: opt(fc.dictionary(fc.string(), fc.string(), { maxKeys: 30 })),
    dr: opt(fc.integer()),
    n: opt(fc.oneof(fc.double(), fc.constant(Date.now()))),
    b: fc.array(beacon, { minLength: 1, maxLength: 4 }),
  },
  { requiredKeys: ['v', 'k', 's', 'pl', 'b'] },
);
const ua = fc.oneof(
  fc.constantFrom(
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    '',
  ),
  fc.string({ maxLength: 200 }),
);
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('::ffff:10.1.2.3', '', 'unknown', '::', '1::2::3'));

/** Input layout: `<user agent>\n<client ip>\n<body>`. */
export const eumBeacons: FuzzTarget = {
  name: 'eum-beacons',
  covers: 'POST /eum/v1/beacons after the size check: JSON, batch schema, user agent, IP anonymization, beacon and resource rows',
  documented: () => false,
  generate: fc.tuple(ua, ip, batch).map(([u, i, b]) => Buffer.from(`${u.replace(/\n/g, ' ')}\n${i}\n${JSON.stringify(b)}`)),
  dictionary: ['"t":"res"', '"r":{"https://x":[["/a","s",1,2,3,4,5]]}', '"ts":1e308', '"n":1e-300', '"__proto__":', '{', '[', '"'].map(
    (s) => Buffer.from(s),
  ),
  run(data) {
    const text = data.toString('utf8');
    const [u = '', rawIp = '', ...rest] = text.split('\n');
    let json: unknown;
    try {
      json = JSON.parse(rest.join('\n'));
    } catch {
      return 'EUM_MALFORMED';
    }
    const parsed = batchSchema.safeParse(json);
    if (!parsed.success) return `EUM_INVALID_BEACON:${parsed.error.issues[0]?.code ?? ''}`;
    const now = Date.now();
    const client = { ...parseUa(u), country: '', ip: anonymizeIp(rawIp) };
    if (client.ip && !client.ip.endsWith('.0') && !client.ip.endsWith('::'))
      violated(`IP ${rawIp} anonymized to ${client.ip}, which keeps the host part`);
    const ctx: RowContext = { tenant: 't', websiteId: 'w', batch: parsed.data, client, skew: parsed.data.n ? now - parsed.data.n : 0, now };
    let kinds = '';
    for (const b of parsed.data.b) {
      if (b.t === 'res') {
        const r = resourceRows(b, ctx);
        checkTsv('eum_resources', r.body, RESOURCE_COLUMNS.length, r.count);
      } else checkTsv('eum_beacons', beaconRow(b, ctx), BEACON_COLUMNS.length, 1);
      kinds += b.t;
    }
    return `ok:${kinds.slice(0, 12)}`;
  },
};

const snapshot = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 30 }),
    type: fc.constantFrom('host', 'process', 'container', 'Bad Type', 'nginx'),
    name: fc.string(),
    parentId: opt(fc.string({ maxLength: 10 })),
    attributes: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.constant(null))),
  },
  { requiredKeys: ['id', 'type', 'name'] },
);
const timeArb = fc.oneof(fc.constant(Date.now()), fc.nat(), fc.constantFrom(0, 2 ** 53 - 1, 1e16, -1, 1.5, MAX_DATETIME64_MS + 1));
const report = fc.record(
  {
    agentId: fc.string({ minLength: 1, maxLength: 20 }),
    hostEntityId: fc.string({ minLength: 1, maxLength: 20 }),
    time: timeArb,
    snapshots: fc.array(snapshot, { maxLength: 3 }),
    alive: fc.array(fc.string(), { maxLength: 3 }),
    gone: fc.array(fc.string(), { maxLength: 3 }),
    events: fc.array(
      fc.record({
        severity: fc.constantFrom('info', 'warning', 'critical', 'x'),
        code: fc.string(),
        message: fc.string(),
        entityId: opt(fc.string()),
        time: timeArb,
      }),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: ['agentId', 'hostEntityId', 'time'] },
);

export const agentEntities: FuzzTarget = {
  name: 'agent-entities',
  covers: "POST /v1/agent/entities body: JSON, the @argus/api entitiesBody schema, the route's time check; accepted times storable",
  documented: () => false,
  generate: report.map((r) => Buffer.from(JSON.stringify(r))),
  big: () =>
    Buffer.from(
      JSON.stringify({
        agentId: 'a',
        hostEntityId: 'host:h',
        time: Date.now(),
        snapshots: Array.from({ length: 4000 }, (_, i) => ({
          id: `process:h:${i}`,
          type: 'process',
          name: `p${i}`,
          parentId: 'host:h',
          attributes: { 'process.command_line': 'x'.repeat(200), i },
        })),
        alive: Array.from({ length: 4000 }, (_, i) => `process:h:${i}`),
      }),
    ),
  dictionary: ['"time":1e20', '"snapshots":[{"id":"a","type":"host","name":"n","attributes":{}}]', '"__proto__":{}', '{', '['].map((s) =>
    Buffer.from(s),
  ),
  run(data) {
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return 'INVALID_JSON';
    }
    const parsed = entitiesBody.safeParse(json);
    if (!parsed.success) return `INVALID_ENTITIES:${parsed.error.issues[0]?.code ?? ''}`;
    const b = parsed.data;
    try {
      checkTimes(b, 7);
    } catch (e) {
      if (e instanceof ArgusError && e.status === 400) return 'INVALID_ENTITIES:time';
      throw e;
    }
    for (const t of [b.time, ...b.events.map((e) => e.time)])
      if (t > MAX_DATETIME64_MS) violated(`accepted time ${t} ms is past what DateTime64(3) stores (2299): the insert would fail`);
    return `ok:${Math.min(b.snapshots.length, 2)}${Math.min(b.events.length, 2)}`;
  },
};

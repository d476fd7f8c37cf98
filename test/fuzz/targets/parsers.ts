/**
 * Parser targets: every query-API parameter parser (the @argus/api route schemas: path, query and body of each
 * route, as apiRoute applies them), and the nginx config parser the nginx sensor reads a server's config with.
 *
 * Query API, documented failure: none may throw (apiRoute turns a failed safeParse into 400 INVALID_PARAM); parsed
 * time ranges are what the range catalogue accepts or refuses with 400.
 * nginx parser: tolerant by design (documented: "unbalanced input yields what could be read"), so it never throws.
 */
import { accountRoutes, alertRoutes, routes, type RouteSpec } from '../../../common/api/src/index.js';
import fc from 'fast-check';
import { ArgusError } from '../../../collector/src/errors.js';
import { kpiRange, timeRange } from '../../../collector/src/query/resolution.js';
import { parseNginxConf, type Directive } from '../../../sensors/nginx/src/conf-parse.js';
import { violated, type FuzzTarget } from '../harness.js';

const ALL: Array<[string, RouteSpec]> = Object.entries({ ...routes, ...accountRoutes, ...alertRoutes });

const PARAM_NAMES = [
  'from',
  'to',
  'service',
  'name',
  'endpoint',
  'limit',
  'offset',
  'order',
  'sort',
  'error',
  'statusCode',
  'minDuration',
  'maxDuration',
  'resolution',
  'scope',
  'id',
  'caller',
  'callee',
  'entity',
  'metric',
  'points',
  'maxPoints',
  'type',
  'q',
  'online',
  'dimension',
  'traceId',
  'text',
  'minSeverity',
  'since',
  'attr.http.route',
  'resource.host.name',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1e999',
  'NaN',
  'Infinity',
  '9007199254740993',
  '1732600000000',
  '2024-11-26T10:00:00Z',
  '+275760-09-13T00:00:00Z',
  'true',
  'false',
  '1s',
  '1m',
  '1h',
  'service',
  'endpoint',
  'edge',
  "' OR 1=1 --",
  '\u0000',
  '%',
  'a'.repeat(5000),
  '0123456789abcdef0123456789abcdef',
];
const query = fc
  .array(fc.tuple(fc.constantFrom(...PARAM_NAMES), fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 30 }))), { maxLength: 8 })
  .map((kvs) => new URLSearchParams(kvs).toString());

/** Input layout: byte 0 picks the route; then `<query string>\n<path param values, tab separated>\n<JSON body>`. */
export const apiParams: FuzzTarget = {
  name: 'api-params',
  covers: `query-API parameter parsing of all ${ALL.length} @argus/api routes (path, query, JSON body), time ranges`,
  documented: () => false,
  generate: fc
    .tuple(fc.nat(ALL.length - 1), query, fc.array(fc.oneof(fc.constantFrom(...VALUES), fc.string()), { maxLength: 3 }), fc.json())
    .map(([i, q, p, b]) => Buffer.concat([Buffer.from([i]), Buffer.from(`${q}\n${p.join('\t')}\n${b}`)])),
  run(data) {
    if (!data.length) return 'empty';
    const [id, spec] = ALL[data[0] % ALL.length];
    const [q = '', p = '', ...b] = data.subarray(1).toString('utf8').split('\n');
    const search = new URLSearchParams(q);
    const raw = Object.fromEntries([...search.entries()].filter(([, v]) => v !== ''));
    const outcome: string[] = [id];
    if (spec.query) {
      const r = spec.query.safeParse(raw);
      outcome.push(r.success ? 'q' : 'Q');
      if (r.success) ranges(r.data as Record<string, unknown>, outcome);
    }
    if (spec.params) {
      const names = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const values = p.split('\t');
      const r = spec.params.safeParse(Object.fromEntries(names.map((n, i) => [n, values[i] ?? ''])));
      outcome.push(r.success ? 'p' : 'P');
    }
    if (spec.body) {
      let body: unknown;
      try {
        body = JSON.parse(b.join('\n'));
      } catch {
        return [...outcome, 'B-json'].join(':');
      }
      outcome.push(spec.body.safeParse(body).success ? 'b' : 'B');
    }
    return outcome.join(':');
  },
};

/** A parsed from/to goes through the range catalogue the query services use: a range or a 400, never more. */
function ranges(q: Record<string, unknown>, outcome: string[]): void {
  if (!('from' in q) && !('to' in q)) return;
  const now = Date.now();
  try {
    const r = timeRange(q, 3_600_000, now);
    const k = kpiRange(r.from, r.to, now);
    const steps = (k.to - k.from) / k.stepMs;
    if (!Number.isFinite(steps)) violated(`range ${r.from}..${r.to} gives ${steps} steps`);
    outcome.push(steps > 100_000 ? 'huge' : 'range');
  } catch (e) {
    if (!(e instanceof ArgusError && e.status === 400)) throw e;
    outcome.push('R400');
  }
}

const nginxText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'server {',
        '}',
        'location /nginx_status { stub_status; }',
        'listen 127.0.0.1:8080;',
        'include conf.d/*.conf;',
        'set $x "${host}a";',
        "return 200 'a;b{c}';",
        '# comment {',
        'log_format main \'$remote_addr "\\"" \';',
        'if ($x ~* "^(a|b)$") {',
        '"unterminated',
        '\\',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => Buffer.from(parts.join('\n')));

function depth(list: Directive[]): number {
  let d = 0;
  for (const x of list) if (x.block) d = Math.max(d, 1 + depth(x.block));
  return d;
}

export const nginxConf: FuzzTarget = {
  name: 'nginx-conf',
  covers: 'the nginx sensor config parser (tokenizer, quotes, ${var}, blocks; unbalanced input tolerated)',
  documented: () => false,
  generate: nginxText,
  big: () => Buffer.from('server { listen 80; location /a { proxy_pass http://b; } }\n'.repeat(18_000)),
  dictionary: ['{', '}', ';', '"', "'", '${', '#', '\\', 'stub_status', 'server_name'].map((s) => Buffer.from(s)),
  run(data) {
    const tree = parseNginxConf(data.toString('utf8'), 'nginx.conf');
    return `ok:${Math.min(tree.length, 3)}:${Math.min(depth(tree), 3)}`;
  },
};

/**
 * The endpoint name of a span, the collector's copy of the SQL functions argus_endpoint_v1 and
 * argus_normalize_path_v1 (analytics migration 040), with ClickHouse's semantics reproduced exactly: `upper` changes
 * ASCII letters only, `trimBoth` strips spaces only, re2's `\s` is [\t\n\f\r ], `path()` finds the first '/' that does
 * not start an authority. endpoint.test.ts checks it against the SQL function on a table of cases.
 */

const NUMERIC = /^[0-9]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX_ID = /^[0-9a-fA-F]{8,}$/;
const DIGIT = /[0-9]/;
const QUERY = /[?#].*$/;
const FIRST_WORD = /^[\t\n\f\r ]*([A-Za-z]+)/;

/** URL path -> endpoint path: query and fragment dropped; numeric, UUID and hex-id segments -> {id}. */
export function normalizePath(p: string): string {
  const bare = p.replace(QUERY, '');
  if (bare === '') return '/';
  return bare
    .split('/')
    .map((s) => (NUMERIC.test(s) || UUID.test(s) || (HEX_ID.test(s) && DIGIT.test(s)) ? '{id}' : s))
    .join('/');
}

/** ClickHouse's path(url): from the first '/' after the authority (if any) to the query string or fragment. */
export function urlPath(url: string): string {
  let pos = url.indexOf('/');
  if (pos < 0) return '';
  if (url.charCodeAt(pos + 1) === 47) {
    pos = url.indexOf('/', pos + 2);
    if (pos < 0) return '';
  }
  let end = url.length;
  for (let i = pos; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  return url.slice(pos, end);
}

/** ClickHouse's upper(): ASCII letters only. */
export function asciiUpper(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) {
      out += s.slice(last, i) + String.fromCharCode(c - 32);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/** ClickHouse's trimBoth(): leading and trailing spaces. */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return s.slice(a, b);
}

/** The promoted values the endpoint name is made of (PROMOTED_COLUMNS order in span rows). */
export interface EndpointParts {
  name: string;
  httpMethod: string;
  httpRoute: string;
  urlPath: string;
  urlFull: string;
  rpcService: string;
  rpcMethod: string;
  dbSystem: string;
  dbOperation: string;
  dbCollection: string;
  dbStatement: string;
  messagingSystem: string;
  messagingDestination: string;
}

/** argus_endpoint_v1: HTTP `METHOD /route`, RPC service/method, DB operation + collection, messaging destination, else the name. */
export function endpointName(p: EndpointParts): string {
  if (p.httpMethod !== '') {
    const path =
      p.httpRoute !== '' ? p.httpRoute : normalizePath(p.urlPath !== '' ? p.urlPath : p.urlFull !== '' ? urlPath(p.urlFull) : '');
    return `${asciiUpper(p.httpMethod)} ${path}`;
  }
  if (p.rpcService !== '') return `${p.rpcService}/${p.rpcMethod}`;
  if (p.dbSystem !== '' && (p.dbOperation !== '' || p.dbCollection !== '' || p.dbStatement !== '')) {
    const op = p.dbOperation !== '' ? p.dbOperation : (FIRST_WORD.exec(p.dbStatement)?.[1] ?? '');
    return trimSpaces(`${asciiUpper(op)} ${p.dbCollection}`);
  }
  if (p.messagingSystem !== '' && p.messagingDestination !== '') return p.messagingDestination;
  return p.name;
}

/**
 * argus_lat_bucket_v1: the latency histogram bucket of a duration in ns, round(ln(ns) / ln(1.01)). Its value
 * 1.01^bucket is within 0.5 % of every duration in the bucket.
 */
export function latencyBucket(ns: number): number {
  return Math.round(Math.log(Math.max(ns, 1)) / LN_101);
}
const LN_101 = Math.log(1.01);

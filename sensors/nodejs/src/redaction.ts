import type { Attributes } from '@opentelemetry/api';

/** Names of query parameters and headers whose values are never stored. */
export const SENSITIVE_NAME = /key|pass|secret|token|auth|session|cookie|signature/i;
export const REDACTED = 'REDACTED';

/** Span attributes that may carry a query string. */
const URL_KEYS = ['url.full', 'http.url', 'http.target', 'url.query', 'db.connection_string'] as const;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Replaces the values of sensitive query parameters (and URL credentials) with REDACTED. */
export function redactUrl(value: string): string {
  let out = value;
  const at = out.indexOf('@');
  if (at > 0) out = out.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, `$1${REDACTED}:${REDACTED}@`);
  const q = out.indexOf('?');
  // url.query has no '?': treat the whole value as the query
  const queryStart = q >= 0 ? q + 1 : out.includes('=') && !out.includes('/') ? 0 : -1;
  if (queryStart < 0) return out;
  const hash = out.indexOf('#', queryStart);
  const end = hash >= 0 ? hash : out.length;
  const query = out.slice(queryStart, end);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = eq >= 0 ? part.slice(0, eq) : part;
    if (eq < 0 || !SENSITIVE_NAME.test(safeDecode(name))) return part;
    changed = true;
    return `${name}=${REDACTED}`;
  });
  return changed ? out.slice(0, queryStart) + parts.join('&') + out.slice(end) : out;
}

const SQL_SYSTEMS = new Set(['postgresql', 'mysql', 'mariadb', 'mssql', 'oracle', 'db2', 'sqlite', 'cockroachdb', 'other_sql']);

/** Replaces SQL string and number literals with `?` (placeholders such as `$1` are kept). */
export function stripSqlLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, '?').replace(/(?<![\w$.])-?\d+(?:\.\d+)?(?![\w])/g, '?');
}

/**
 * Redacts a finished span's attributes in place: sensitive query values in URL attributes and captured
 * header values whose names look like credentials. Cheap when there is nothing to do (a few lookups).
 */
export function redactAttributes(attrs: Attributes, headersCaptured: boolean): void {
  for (const key of URL_KEYS) {
    const v = attrs[key];
    if (typeof v === 'string' && (v.includes('=') || v.includes('@'))) {
      const r = redactUrl(v);
      if (r !== v) attrs[key] = r;
    }
  }
  const system = attrs['db.system'] ?? attrs['db.system.name'];
  if (typeof system === 'string' && SQL_SYSTEMS.has(system)) {
    for (const key of ['db.statement', 'db.query.text']) {
      const v = attrs[key];
      if (typeof v === 'string') attrs[key] = stripSqlLiterals(v);
    }
  }
  if (!headersCaptured) return;
  for (const key of Object.keys(attrs)) {
    if (!key.startsWith('http.request.header.') && !key.startsWith('http.response.header.')) continue;
    const name = key.slice(key.indexOf('.header.') + 8);
    if (SENSITIVE_NAME.test(name)) attrs[key] = [REDACTED];
  }
}

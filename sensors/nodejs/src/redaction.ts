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

const DB_STATEMENT_KEYS = new Set(['db.statement', 'db.query.text']);

/** What happens to an attribute value before it is written: 1 = URL with a query string, 2 = SQL statement. */
export const REDACTED_KEYS = new Map<string, 1 | 2>([
  ...URL_KEYS.map((k) => [k, 1] as const),
  ...[...DB_STATEMENT_KEYS].map((k) => [k, 2] as const),
]);

export const isSqlSystem = (system: unknown): boolean => typeof system === 'string' && SQL_SYSTEMS.has(system);

/**
 * The value to store for `key`: sensitive query values in URL attributes and URL credentials become REDACTED,
 * SQL literals `?` (when the span's db system is SQL), captured header values with credential-like names
 * REDACTED. `kind` is REDACTED_KEYS.get(key); the span encoder calls this only for such keys, or for every key when
 * headers are captured.
 */
export function redactValue(key: string, value: unknown, kind: 1 | 2 | undefined, sql: boolean, headersCaptured: boolean): unknown {
  if (kind === 1) return typeof value === 'string' && (value.includes('=') || value.includes('@')) ? redactUrl(value) : value;
  if (kind === 2) return typeof value === 'string' && sql ? stripSqlLiterals(value) : value;
  if (headersCaptured && key.startsWith('http.') && (key.startsWith('http.request.header.') || key.startsWith('http.response.header.'))) {
    return SENSITIVE_NAME.test(key.slice(key.indexOf('.header.') + 8)) ? [REDACTED] : value;
  }
  return value;
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Bearer secrets (ingest keys `ak_…`, API tokens `at_…`, session and setup tokens): 24+ random bytes, so a plain
 * SHA-256 is the right thing to keep at rest (a slow password hash buys nothing against 192 bits of entropy, and
 * every ingest request checks one). The lookup is by that hash, so no stored secret is ever compared byte by byte.
 */
export function newSecret(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** hex SHA-256 of a secret: what the tables store and the in-memory maps are keyed by */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** the first characters of a secret, enough to tell keys apart in a list (never enough to use one) */
export function displayPrefix(secret: string): string {
  return `${secret.slice(0, Math.min(7, Math.floor(secret.length / 3)))}…`;
}

/** short random id for rows (tenants, keys, tokens, users) */
export function newId(prefix: string): string {
  return `${prefix}${randomBytes(8).toString('hex')}`;
}

/** constant-time comparison of two strings (for values that are not looked up by hash, e.g. CSRF tokens) */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** ClickHouse DateTime64(3) text for a time in ms (UTC) */
export function dt(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

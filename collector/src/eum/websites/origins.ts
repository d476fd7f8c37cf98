import { badRequest } from '../../errors.js';

/**
 * Allowed origins of a website: `*` (any), an exact origin `https://shop.example.com[:port]`, or a subdomain
 * wildcard `https://*.example.com`. Normalized to lower case without a trailing slash.
 */
export function normalizeOrigin(raw: unknown): string {
  if (typeof raw !== 'string') throw badRequest('allowedOrigins must be strings', 'EUM_INVALID_ORIGIN');
  const s = raw.trim().toLowerCase().replace(/\/+$/, '');
  if (s === '*') return s;
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d{1,5})?$/.exec(s);
  if (!m) throw badRequest(`"${raw}" is not an origin: use https://host[:port], https://*.domain or *`, 'EUM_INVALID_ORIGIN');
  return s;
}

export function originAllowed(allowed: readonly string[], origin: string): boolean {
  const o = origin.toLowerCase();
  for (const a of allowed) {
    if (a === '*' || a === o) return true;
    const star = a.indexOf('://*.');
    if (star > 0) {
      const scheme = a.slice(0, star + 3);
      const rest = a.slice(star + 4); // ".example.com[:port]"
      if (
        o.startsWith(scheme) &&
        o.endsWith(rest) &&
        o.length > scheme.length + rest.length &&
        !o.slice(scheme.length, o.length - rest.length).includes('/')
      )
        return true;
    }
  }
  return false;
}

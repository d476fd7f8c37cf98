import { createHmac } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AccountsConfig } from './config.js';

/**
 * What the auth code reads from a request: the client IP and whether it came over TLS (forwarded headers only
 * from a trusted proxy: the last X-Forwarded-For entry is the one that proxy added), and the session cookie.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? '';
  } catch {
    return '';
  }
}

export function overTls(c: Context, cfg: Pick<AccountsConfig, 'cookieSecure' | 'trustProxy'>): boolean {
  if (cfg.cookieSecure !== 'auto') return cfg.cookieSecure === 'true';
  if (new URL(c.req.url).protocol === 'https:') return true;
  return cfg.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
}

/** `__Host-` cookies must be Secure, so plain-HTTP setups use the bare name */
const SECURE_NAME = '__Host-argus_session';
const PLAIN_NAME = 'argus_session';

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SECURE_NAME) ?? getCookie(c, PLAIN_NAME);
}

export function writeSessionCookie(c: Context, value: string, maxAgeSeconds: number, secure: boolean): void {
  setCookie(c, secure ? SECURE_NAME : PLAIN_NAME, value, { httpOnly: true, sameSite: 'Strict', secure, path: '/', maxAge: maxAgeSeconds });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, PLAIN_NAME, { path: '/' });
  deleteCookie(c, SECURE_NAME, { path: '/', secure: true });
}

/** the CSRF token of a session: derived from the cookie value (which only the browser holding it knows) */
export const csrfTokenFor = (cookieValue: string): string => createHmac('sha256', cookieValue).update('argus-csrf').digest('base64url');

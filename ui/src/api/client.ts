import { csrf, loginUrl, type SessionInfo } from './session';

/** The one way the UI talks to the collector: GET/POST JSON under /api/v1, errors as ApiError (code + message). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Params = Record<string, string | number | boolean | undefined | null | readonly string[]>;

const TOKEN_KEY = 'argus.adminToken';

/** The admin token (only needed when the API is not on loopback), kept in this browser. */
export const adminToken = {
  get: (): string | null => {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  set: (token: string | null) => {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  },
};

export function buildQuery(params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const PUBLIC_WRITES = new Set(['/auth/login', '/auth/setup']);

async function request<T>(method: string, path: string, params: Params, signal?: AbortSignal, body?: unknown, retried = false): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = adminToken.get();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // the session cookie goes along; a write with it carries the session's CSRF token
  if (method !== 'GET' && !token) {
    let t = csrf.get();
    if (!t && !PUBLIC_WRITES.has(path)) {
      t = (await request<SessionInfo>('GET', '/auth/session', {}, signal).catch(() => undefined))?.csrfToken ?? null;
      csrf.set(t);
    }
    if (t) headers['x-csrf-token'] = t;
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}${buildQuery(params)}`, {
      method,
      headers,
      signal,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'the collector did not answer: is it running?');
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status === 401 && !path.startsWith('/auth/') && !token) {
    // signed out (expired, revoked, never signed in): to the login page, back here afterwards
    csrf.set(null);
    window.location.assign(loginUrl());
  }
  if (res.status === 403 && !retried && (json as { code?: unknown } | undefined)?.code === 'CSRF_FAILED') {
    // a token of an older session (signed in again in another tab): fetch the current one and retry once
    csrf.set(null);
    return request<T>(method, path, params, signal, body, true);
  }
  if (!res.ok) {
    const e = (json ?? {}) as { code?: unknown; message?: unknown };
    throw new ApiError(
      res.status,
      typeof e.code === 'string' ? e.code : `HTTP_${res.status}`,
      typeof e.message === 'string' ? e.message : text.slice(0, 300) || res.statusText,
    );
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, params: Params = {}, signal?: AbortSignal) => request<T>('GET', path, params, signal),
  post: <T>(path: string, body?: unknown, signal?: AbortSignal) => request<T>('POST', path, {}, signal, body ?? {}),
  put: <T>(path: string, body?: unknown, signal?: AbortSignal) => request<T>('PUT', path, {}, signal, body ?? {}),
  delete: <T>(path: string, signal?: AbortSignal) => request<T>('DELETE', path, {}, signal),
};

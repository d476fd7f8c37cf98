/**
 * The signed-in session as the UI sees it: the collector keeps it in an HttpOnly cookie; the UI only keeps the
 * session's CSRF token (sent as `x-csrf-token` on every write) for the tab's lifetime, and asks
 * GET /api/v1/auth/session for it again after a reload.
 */
export interface SessionInfo {
  kind: 'user' | 'token';
  tenant: string | null;
  role: string | null;
  instanceAdmin: boolean;
  tenants: Array<{ id: string; name: string; role: string }>;
  user?: { id: string; email: string; name: string; instanceAdmin: boolean } | null;
  token?: { id: string; name: string };
  csrfToken?: string | null;
  expiresAt?: string | null;
}

const CSRF_KEY = 'argus.csrf';

export const csrf = {
  get: (): string | null => {
    try {
      return sessionStorage.getItem(CSRF_KEY);
    } catch {
      return null;
    }
  },
  set: (token: string | null | undefined) => {
    try {
      if (token) sessionStorage.setItem(CSRF_KEY, token);
      else sessionStorage.removeItem(CSRF_KEY);
    } catch {
      // storage unavailable (private mode): the token is fetched again before each write
    }
  },
};

/** where a 401 sends the browser: the login page, coming back to the current page afterwards */
export function loginUrl(): string {
  const here = `${window.location.pathname}${window.location.search}`;
  return here.startsWith('/login') ? '/login' : `/login?redirect=${encodeURIComponent(here)}`;
}

/** a same-origin path to return to after login (anything else goes to the map) */
export function safeRedirect(target: string | undefined): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/login') ? target : '/map';
}

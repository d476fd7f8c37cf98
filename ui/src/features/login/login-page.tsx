import { useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useState, type SyntheticEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { csrf, safeRedirect, type SessionInfo } from '../../api/session';
import './login.css';

const routeApi = getRouteApi('/login');

export const Route = createLazyRoute('/login')({ component: LoginPage });

/** Sign-in: e-mail and password; the collector sets the session cookie; then back to where the user was. */
function LoginPage() {
  const { redirect } = routeApi.useSearch();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: SyntheticEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await api.post<SessionInfo>('/auth/login', { email, password });
      csrf.set(s.csrfToken);
      queryClient.clear();
      // a full load, so every view starts from the new session (and its tenant)
      window.location.assign(safeRedirect(redirect));
    } catch (err) {
      setBusy(false);
      setPassword('');
      if (err instanceof ApiError && err.code === 'LOGIN_RATE_LIMITED') setError(`Too many failed attempts. ${err.message}.`);
      else if (err instanceof ApiError && err.status === 401) setError('Wrong e-mail or password.');
      else setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <div className="login-brand">
          <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true">
            <circle cx="16" cy="16" r="13" fill="#2f6fe4" />
            <circle cx="16" cy="16" r="5.5" fill="#fff" />
            <circle cx="16" cy="16" r="2.5" fill="#16202e" />
          </svg>
          <span>Argus</span>
        </div>
        <h1 id="login-title">Sign in</h1>
        <label>
          E-mail
          <input
            className="input"
            type="email"
            name="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            className="input"
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <div className="login-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="btn primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="login-hint">
          The first start prints the owner&apos;s login (<code>admin@argus.local</code>). Lost it? See docs/accounts.md.
        </p>
      </form>
    </div>
  );
}

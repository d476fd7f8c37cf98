import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { csrf, type SessionInfo } from '../../api/session';
import './login.css';

/** Who is signed in, the tenant to work in (switchable) and sign-out, in the top bar. */
export function AccountMenu() {
  const queryClient = useQueryClient();
  const session = useQuery({
    queryKey: ['auth', 'session'],
    queryFn: ({ signal }) => api.get<SessionInfo>('/auth/session', {}, signal),
    staleTime: 60_000,
  });
  const s = session.data;
  if (!s) return null;
  if (s.csrfToken) csrf.set(s.csrfToken);
  const who = s.user?.email ?? s.token?.name ?? '';

  const switchTenant = async (tenant: string) => {
    await api.post('/auth/tenant', { tenant });
    queryClient.clear();
    window.location.reload();
  };
  const signOut = async () => {
    await api.post('/auth/logout').catch(() => undefined);
    csrf.set(null);
    window.location.assign('/login');
  };

  return (
    <div className="account-menu">
      {s.kind === 'user' && s.tenants.length > 1 ? (
        <select className="select" aria-label="Tenant" value={s.tenant ?? ''} onChange={(e) => void switchTenant(e.target.value)}>
          {s.tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      ) : (
        s.tenant && <span className="account-tenant">{s.tenants.find((t) => t.id === s.tenant)?.name ?? s.tenant}</span>
      )}
      <span className="account-who" title={s.role ? `${who} (${s.role})` : who}>
        {who}
      </span>
      {s.kind === 'user' && (
        <button type="button" className="btn small" onClick={() => void signOut()}>
          Sign out
        </button>
      )}
    </div>
  );
}

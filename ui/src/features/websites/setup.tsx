import type { SummaryResponse, Website } from '@argus/api';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { createdAtMs, websiteQuery } from './website-queries';

const received = (s: SummaryResponse) => s.pageLoads + s.pageViews + s.httpCalls + s.jsErrors + s.sessions > 0;

/** The form of /websites/new: a name and the origins allowed to send beacons; creates the website, then shows how to install it. */
export function AddWebsiteForm() {
  const navigate = useNavigate();
  const time = useTimeSearch();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const create = useMutation({
    mutationFn: (body: { name: string; allowedOrigins: string[] }) => api.post<Website>('/websites', body),
    onSuccess: (w) => {
      client.setQueryData(websiteQuery(w.id).queryKey, w);
      void client.invalidateQueries({ queryKey: ['websites'] });
      void navigate({ to: '/websites/$id/setup', params: { id: w.id }, search: time as never });
    },
  });
  const list = origins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const bad = list.filter((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
  return (
    <form
      className="panel setup-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && list.length && !bad.length) create.mutate({ name: name.trim(), allowedOrigins: list });
      }}
    >
      <label className="field-block">
        <span>Name</span>
        <input className="input" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="Shop" />
      </label>
      <label className="field-block">
        <span>Allowed origins</span>
        <textarea
          className="input textarea"
          required
          rows={3}
          value={origins}
          onChange={(e) => setOrigins(e.target.value)}
          placeholder={'https://shop.example.com\nhttps://www.example.com'}
          aria-describedby="origins-help"
        />
        <span id="origins-help" className="muted small">
          One per line: the pages&apos; origins (scheme, host and port) allowed to send beacons, or <code>*</code> for any.
        </span>
        {bad.length > 0 && <span className="err-text small">Not an origin: {bad.join(', ')} (e.g. https://shop.example.com)</span>}
      </label>
      {create.error && <ErrorState error={create.error} height={60} />}
      <div className="row">
        <button type="submit" className="btn primary" disabled={create.isPending || !name.trim() || !list.length || bad.length > 0}>
          {create.isPending ? 'Creating…' : 'Create website'}
        </button>
        <Link to="/websites" search={time as never} className="btn">
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** The snippet and site key, and whether a beacon arrived since the website was created (polled every 2 s until one does). */
export function InstallPanel({ id }: { id: string }) {
  const site = useQuery(websiteQuery(id));
  const w = site.data;
  const since = w ? createdAtMs(w) : 0;
  const first = useQuery({
    queryKey: ['eum-first-beacon', id, since],
    queryFn: ({ signal }) =>
      api.get<SummaryResponse>(`/websites/${encodeURIComponent(id)}/summary`, { from: since - 60_000, to: Date.now() + 60_000 }, signal),
    enabled: Boolean(w),
    refetchInterval: (q) => (q.state.data && received(q.state.data) ? false : 2000),
  });
  const [copied, setCopied] = useState<string | null>(null);
  if (!w) return site.error ? <ErrorState error={site.error} /> : <Loading height={240} />;
  const copy = (what: string, text: string) => {
    void navigator.clipboard.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
  };
  const got = first.data ? received(first.data) : false;
  return (
    <div className="install">
      <section className={`panel beacon-state ${got ? 'ok' : 'waiting'}`} role="status" aria-live="polite">
        {got ? (
          <>
            <span className="state-dot ok" aria-hidden="true" />
            <div>
              <strong>Receiving beacons</strong>
              <div className="small">
                The first beacon arrived: page loads, vitals, errors and calls are on the{' '}
                <Link to="/websites/$id" params={{ id }}>
                  dashboard
                </Link>
                .
              </div>
            </div>
          </>
        ) : (
          <>
            <span className="state-dot waiting" aria-hidden="true" />
            <div>
              <strong>Waiting for the first beacon…</strong>
              <div className="small muted">
                Paste the snippet into your pages and open one in a browser; this turns green when its first beacon arrives.
              </div>
            </div>
          </>
        )}
      </section>
      <section className="panel">
        <header>
          <h2>1. Paste this into the &lt;head&gt; of every page</h2>
          <button type="button" className="btn small" onClick={() => copy('snippet', w.snippet)}>
            {copied === 'snippet' ? 'Copied' : 'Copy snippet'}
          </button>
        </header>
        <pre className="snippet" aria-label="Snippet">
          {w.snippet}
        </pre>
      </section>
      <section className="panel">
        <header>
          <h2>2. Details</h2>
        </header>
        <dl className="install-facts">
          <div>
            <dt>Site key</dt>
            <dd>
              <code>{w.siteKey}</code>{' '}
              <button type="button" className="btn small" onClick={() => copy('key', w.siteKey)}>
                {copied === 'key' ? 'Copied' : 'Copy key'}
              </button>
            </dd>
          </div>
          <div>
            <dt>Allowed origins</dt>
            <dd>{w.allowedOrigins.join(', ')}</dd>
          </div>
          <div>
            <dt>Website id</dt>
            <dd>
              <code>{w.id}</code>
            </dd>
          </div>
        </dl>
        <p className="small muted pad">
          Backends on other origins continue the browser&apos;s traces when they allow the <code>traceparent</code> header and expose{' '}
          <code>Server-Timing</code> (the Argus Node.js tracer does both); name SPA pages with <code>argus(&apos;page&apos;, name)</code>.
        </p>
      </section>
    </div>
  );
}

import type { SessionBeacon } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Empty, QueryState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTimeMs } from '../../lib/format';
import { formatVital } from './vitals';
import { sessionQuery } from './website-queries';

const KIND: Record<string, string> = {
  pageload: 'Page load',
  pagechange: 'Page change',
  http: 'HTTP call',
  error: 'JS error',
  vitals: 'Web vitals',
  custom: 'Custom event',
};

/** One session's beacons in time order: what the visitor loaded, clicked, called and ran into. */
export function SessionView({ id, sessionId }: { id: string; sessionId: string }) {
  const q = useQuery(sessionQuery(id, sessionId));
  return (
    <QueryState
      query={q}
      height={240}
      isEmpty={(d) => d.beacons.length === 0}
      empty={<Empty title="No beacons of this session in the last 7 days" height={240} />}
    >
      {(d) => <Session beacons={d.beacons} sessionId={sessionId} />}
    </QueryState>
  );
}

function Session({ beacons, sessionId }: { beacons: SessionBeacon[]; sessionId: string }) {
  const first = beacons[0];
  const last = beacons[beacons.length - 1];
  const count = (k: string) => beacons.filter((b) => b.kind === k).length;
  const user = beacons.find((b) => b.user_id || b.user_name || b.user_email);
  const facts: Array<{ k: string; v: ReactNode }> = [
    { k: 'Session', v: <span className="mono">{sessionId}</span> },
    { k: 'Started', v: formatTimeMs(first.time) },
    { k: 'Duration', v: formatDuration(last.time - first.time) },
    { k: 'Browser', v: `${first.browser || '–'} on ${first.os || '–'}` },
    { k: 'Device', v: first.device || '–' },
    { k: 'Country', v: first.country || '–' },
    { k: 'User', v: user ? [user.user_name, user.user_email, user.user_id].filter(Boolean).join(' · ') : '–' },
    {
      k: 'Activity',
      v: `${count('pageload')} loads · ${count('pagechange')} page changes · ${count('http')} calls · ${count('error')} errors`,
    },
  ];
  return (
    <div className="session">
      <section className="panel">
        <dl className="session-facts">
          {facts.map(({ k, v }) => (
            <div key={k}>
              <dt className="muted small">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel">
        <header>
          <h2>Timeline</h2>
          <span className="muted small">{beacons.length} beacons, oldest first</span>
        </header>
        <ol className="timeline" aria-label="Session timeline">
          {beacons.map((b, i) => (
            <li key={`${b.time}-${i}`} className={`tl-item kind-${b.kind}`}>
              <span className="tl-offset small muted">+{formatDuration(b.time - first.time)}</span>
              <span className={`tl-kind kind-${b.kind}`}>{KIND[b.kind] ?? b.kind}</span>
              <div className="tl-body">
                <BeaconDetail b={b} />
              </div>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function BeaconDetail({ b }: { b: SessionBeacon }) {
  const time = useTimeSearch();
  switch (b.kind) {
    case 'pageload':
      return (
        <>
          <span className="mono">{b.page || b.url}</span>{' '}
          <span className="muted small">
            loaded in {formatDuration(b.duration_ms)} · TTFB {formatVital('ttfb', b.ttfb)} · FCP {formatVital('fcp', b.fcp)} · LCP{' '}
            {formatVital('lcp', b.lcp)}
          </span>
          {b.backend_trace_id && <TraceLink id={b.backend_trace_id} time={time} />}
        </>
      );
    case 'pagechange':
      return (
        <>
          {b.attributes.from_page ? <span className="mono">{b.attributes.from_page}</span> : null} → <span className="mono">{b.page}</span>{' '}
          <span className="muted small">{formatDuration(b.duration_ms)}</span>
        </>
      );
    case 'http':
      return (
        <>
          <span className="mono small">
            {b.http_method} {b.url}
          </span>{' '}
          <span className={b.http_status >= 400 || b.http_status < 0 ? 'err-text small' : 'muted small'}>
            {b.http_status} · {formatDuration(b.duration_ms)}
          </span>
          {b.backend_trace_id && <TraceLink id={b.backend_trace_id} time={time} />}
        </>
      );
    case 'error':
      return (
        <>
          <span className="err-text">{b.error_message || '(no message)'}</span>
          {b.error_count > 1 && <span className="muted small"> ×{b.error_count}</span>}
          <span className="muted small"> on {b.page}</span>
        </>
      );
    case 'vitals':
      return (
        <span className="small">
          LCP {formatVital('lcp', b.lcp)} · INP {formatVital('inp', b.inp)} · CLS {formatVital('cls', b.cls)}{' '}
          <span className="muted">on {b.page}</span>
        </span>
      );
    default:
      return (
        <>
          <span>{b.name || b.kind}</span> <span className="muted small">{b.page}</span>
        </>
      );
  }
}

function TraceLink({ id, time }: { id: string; time: object }) {
  return (
    <>
      {' '}
      <Link to="/traces/$traceId" params={{ traceId: id }} search={time as never} className="small">
        backend trace
      </Link>
    </>
  );
}

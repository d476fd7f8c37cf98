import { Link, useNavigate } from '@tanstack/react-router';
import type { TraceHit } from '../../api/types';
import { useKeyNav } from '../../hooks/use-key-nav';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';
import '../../components/data-table.css';

/** Trace hits: start, what matched (service + endpoint), duration with a bar, span count, status. */
export function TraceList({ traces, showService = true }: { traces: TraceHit[]; showService?: boolean }) {
  const navigate = useNavigate();
  const time = useTimeSearch();
  const max = Math.max(...traces.map((t) => t.durationMs), 1);
  const open = (t: TraceHit) => void navigate({ to: '/traces/$traceId', params: { traceId: t.traceId }, search: time as never });
  const nav = useKeyNav(traces.length, (i) => open(traces[i]));
  return (
    <table className="data-table trace-list" aria-label="Traces" tabIndex={0} onKeyDown={nav.onKeyDown}>
      <thead>
        <tr>
          <th style={{ width: 92 }}>Start</th>
          <th>Endpoint</th>
          {showService && <th style={{ width: '18%' }}>Service</th>}
          <th style={{ width: '24%' }}>Duration</th>
          <th className="num" style={{ width: 60 }}>
            Spans
          </th>
          <th style={{ width: 64 }}>Status</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t, i) => (
          <tr
            key={t.traceId}
            className={`clickable${i === nav.active ? ' kb-active' : ''}`}
            onClick={(e) => !(e.target as HTMLElement).closest('a') && open(t)}
          >
            <td className="mono small">{formatTime(t.startMs)}</td>
            <td className="ellipsis">
              <Link to="/traces/$traceId" params={{ traceId: t.traceId }} search={time as never} title={t.match.name}>
                {t.match.endpoint || t.match.name}
              </Link>
            </td>
            {showService && <td className="ellipsis">{t.match.service}</td>}
            <td>
              <div className="dur-cell">
                <span className="dur-bar" style={{ width: `${Math.max(2, (t.durationMs / max) * 100)}%` }} />
                <span className="num">{formatDuration(t.durationMs)}</span>
              </div>
            </td>
            <td className="num">{t.spans}</td>
            <td>{t.match.error ? <span className="badge error">Error</span> : <span className="badge ok">OK</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import type { ErrorsResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { Empty, QueryState } from '../../components/states';
import { useRange } from '../../hooks/use-range';
import { formatCount, formatTime } from '../../lib/format';
import { errorsQuery } from './website-queries';

type JsError = ErrorsResponse['errors'][number];

/** JavaScript errors grouped by message and top stack frame: counts, sessions, pages, browsers, a sample stack. */
export function ErrorsTab({ id }: { id: string }) {
  const range = useRange();
  const q = useQuery(errorsQuery(range, id, 200));
  return (
    <section className="panel">
      <header>
        <h2>JavaScript errors</h2>
        <span className="muted small">grouped by message and top stack frame, most frequent first</span>
      </header>
      <QueryState
        query={q}
        height={200}
        isEmpty={(d) => d.errors.length === 0}
        empty={
          <Empty title="No JavaScript errors in this time range" height={200}>
            Uncaught errors and unhandled rejections are reported by the browser script.
          </Empty>
        }
      >
        {(d) => <ErrorsList errors={d.errors} />}
      </QueryState>
    </section>
  );
}

export function ErrorsList({ errors, compact = false }: { errors: JsError[]; compact?: boolean }) {
  return (
    <ul className="js-errors" aria-label="JavaScript errors">
      {errors.map((e) => (
        <li key={`${e.message}|${e.topFrame}`} className="js-error">
          <div className="row">
            <span className="badge critical">{formatCount(e.count, true)}×</span>
            <span className="js-msg">
              {e.name && !e.message.startsWith(e.name) ? `${e.name}: ` : ''}
              {e.message || '(no message)'}
            </span>
          </div>
          <div className="muted small js-meta">
            {formatCount(e.sessions)} {e.sessions === 1 ? 'session' : 'sessions'} ·{' '}
            {e.type === 'rejection' ? 'unhandled rejection' : e.type || 'error'} · last {formatTime(e.lastSeen)}
            {!compact && ` · first ${formatTime(e.firstSeen)}`}
            {e.topFrame && (
              <>
                {' '}
                · <span className="mono">{e.topFrame}</span>
              </>
            )}
          </div>
          {!compact && (
            <>
              <div className="small js-where">
                <span className="muted">Pages:</span> {e.pages.join(', ') || '–'} <span className="muted">· Browsers:</span>{' '}
                {e.browsers.join(', ') || '–'}
              </div>
              {e.sampleStack && (
                <details>
                  <summary className="small">Stack trace</summary>
                  <pre className="stack">{e.sampleStack}</pre>
                </details>
              )}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

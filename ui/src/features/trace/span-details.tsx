import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { traceSpanQuery } from '../../api/queries';
import { ErrorState, Loading } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration } from '../../lib/format';
import { Facts, SpanSections } from './span-sections';
import type { TraceModel } from './trace-model';

const KIND = ['Unspecified', 'Internal', 'Server', 'Client', 'Producer', 'Consumer'];
const STATUS = ['Unset', 'OK', 'Error'];

/**
 * Everything about one span. What the waterfall already has (timing, status, service, kind, parent) shows at once;
 * attributes, resource, events (stack traces), links and where it ran come with the span's own answer.
 */
export function SpanDetails({
  model: m,
  i,
  color,
  onClose,
  onSelect,
}: {
  model: TraceModel;
  i: number;
  color: string;
  onClose: () => void;
  onSelect: (i: number) => void;
}) {
  const time = useTimeSearch();
  const detail = useQuery(traceSpanQuery(m.traceId, m.spanId[i]));
  const d = detail.data;
  const service = m.serviceName[i];
  const endpoint = d?.endpoint;
  const p = m.parent[i];
  const state = d ? 'loaded' : detail.error ? 'error' : 'loading';
  return (
    <aside
      className="panel span-details"
      aria-label="Span details"
      data-span={m.spanId[i]}
      data-state={state}
      aria-busy={state === 'loading'}
    >
      <header>
        <span className="svc-chip" style={{ background: color }} aria-hidden="true" />
        <h2 className="ellipsis" title={m.name[i]}>
          {m.name[i]}
        </h2>
        <button type="button" className="btn small icon-btn" onClick={onClose} aria-label="Close span details">
          ✕
        </button>
      </header>
      <div className="sd-body">
        <div className="sd-tags">
          <Link to="/services/$name" params={{ name: service }} search={time as never} className="badge">
            {service}
          </Link>
          <span className="badge">{KIND[m.kind[i]] ?? m.kind[i]}</span>
          {m.error[i] ? <span className="badge error">Error</span> : <span className="badge ok">OK</span>}
          {endpoint && (
            <Link
              to="/services/$name/endpoints/$endpoint"
              params={{ name: service, endpoint }}
              search={time as never}
              className="badge"
              title="Endpoint"
            >
              {endpoint}
            </Link>
          )}
        </div>
        <Facts
          rows={[
            ['Duration', formatDuration(m.durationMs[i])],
            ['Self time', formatDuration(m.selfMs[i])],
            ['Starts at', `+${formatDuration(m.startMs[i])}`],
            ['Status', `${STATUS[m.status[i]] ?? m.status[i]}${d?.status.message ? `: ${d.status.message}` : ''}`],
            ['Span id', <code key="id">{m.spanId[i]}</code>],
            [
              'Parent',
              p >= 0 ? (
                <button key="p" type="button" className="linkish-inline" onClick={() => onSelect(p)}>
                  {m.name[p]}
                </button>
              ) : !d ? (
                '…'
              ) : d.parentSpanId ? (
                <code key="p">{d.parentSpanId} (not stored)</code>
              ) : (
                'root'
              ),
            ],
          ]}
        />
        {d ? (
          <SpanSections span={d} />
        ) : detail.error ? (
          <ErrorState error={detail.error} retry={() => void detail.refetch()} height={120} />
        ) : (
          <Loading label="Loading the span's attributes" height={160} />
        )}
      </div>
    </aside>
  );
}

import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { ApiError } from '../../api/client';
import { traceQuery } from '../../api/queries';
import { ErrorState, Loading } from '../../components/states';
import { useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTimeMs } from '../../lib/format';
import { SpanDetails } from './span-details';
import { groupDigits, serviceColors } from './trace-model';
import { Waterfall } from './waterfall';
import './trace.css';

const routeApi = getRouteApi('/traces/$traceId');

export const Route = createLazyRoute('/traces/$traceId')({ component: TracePage });

/** One trace: summary, waterfall (virtualized), the selected span's details. */
function TracePage() {
  const { traceId } = routeApi.useParams();
  const { span } = routeApi.useSearch();
  const setSearch = useSetSearch();
  // the query answers the built model (api/queries.ts): the waterfall's lean answer, columnar
  const trace = useQuery(traceQuery(traceId.toLowerCase()));
  const model = trace.data;
  const colors = useMemo(() => serviceColors(model?.services ?? []), [model]);
  const select = useCallback(
    (i: number | undefined) => setSearch({ span: i === undefined ? undefined : model?.spanId[i] }, true),
    [setSearch, model],
  );

  if (trace.error) {
    const e = trace.error;
    if (e instanceof ApiError && (e.code === 'TRACE_NOT_FOUND' || e.status === 404 || e.code === 'INVALID_PARAM')) {
      return <TraceNotFound traceId={traceId} invalid={e.code === 'INVALID_PARAM'} message={e.message} code={e.code} />;
    }
    return (
      <div className="page">
        <div className="panel">
          <ErrorState error={e} retry={() => void trace.refetch()} height={240} />
        </div>
      </div>
    );
  }
  if (!model) {
    return (
      <div className="page">
        <Loading height={60} />
        <Loading height={420} />
      </div>
    );
  }
  const root = model.order.length ? model.order[0] : 0;
  const selected = span ? model.indexOf(span.toLowerCase()) : undefined;
  return (
    <div className="trace-page">
      <div className="trace-head">
        <div className="crumbs">
          <TraceCrumbs />
          <span className="mono">{traceId}</span>
        </div>
        <div className="page-head">
          <h1 className="ellipsis">
            <span className="svc-chip" style={{ background: colors.get(model.serviceName[root]) }} aria-hidden="true" />
            {model.serviceName[root]} <span className="muted">›</span>{' '}
            <span className="ellipsis">{model.rootEndpoint || model.name[root]}</span>
          </h1>
          {model.errors.length > 0 && <span className="badge error">{model.errors.length} errors</span>}
        </div>
        <dl className="trace-facts">
          <div>
            <dt>Start</dt>
            <dd>{formatTimeMs(Number(model.startNs / 1_000_000n))}</dd>
          </div>
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(model.traceMs)}</dd>
          </div>
          <div>
            <dt>Spans</dt>
            <dd>{groupDigits(model.order.length)}</dd>
          </div>
          <div>
            <dt>Services</dt>
            <dd className="svc-legend">
              {model.services.map((s) => (
                <span key={s}>
                  <span className="svc-chip" style={{ background: colors.get(s) }} aria-hidden="true" />
                  {s}
                </span>
              ))}
            </dd>
          </div>
          <div>
            <dt>Critical path</dt>
            <dd>{formatDuration(model.criticalMs)}</dd>
          </div>
        </dl>
      </div>
      <div className={`trace-body${selected !== undefined ? ' with-details' : ''}`}>
        <Waterfall model={model} colors={colors} selected={selected} onSelect={select} />
        {selected !== undefined && (
          <SpanDetails
            model={model}
            i={selected}
            color={colors.get(model.serviceName[selected]) ?? '#888'}
            onClose={() => select(undefined)}
            onSelect={select}
          />
        )}
      </div>
    </div>
  );
}

function TraceCrumbs() {
  const time = useTimeSearch();
  return (
    <>
      <Link to="/traces" search={time as never}>
        Traces
      </Link>
      <span aria-hidden="true">/</span>
    </>
  );
}

function TraceNotFound({ traceId, invalid, message, code }: { traceId: string; invalid: boolean; message: string; code: string }) {
  const time = useTimeSearch();
  return (
    <div className="page">
      <div className="panel not-found" role="alert">
        <h1>{invalid ? 'Not a trace id' : 'Trace not found'}</h1>
        <p>
          <code className="mono">{traceId}</code>
        </p>
        <p className="muted">
          {invalid
            ? 'A trace id is 32 hexadecimal characters.'
            : 'No span of this trace is stored: the id may be wrong, the trace may be older than the retention period, or its spans have not arrived yet.'}
        </p>
        <p className="small muted">
          <code>{code}</code> {message}
        </p>
        <Link to="/traces" search={time as never} className="btn">
          Search traces
        </Link>
      </div>
    </div>
  );
}

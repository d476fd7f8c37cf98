import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { alertQuery, channelsQuery } from './alert-queries';
import type { AlertRule, Channel } from './alert-types';
import { AlertPreview } from './alert-preview';
import { ChannelsField, numOrUndefined, TimingFields, timingBody, type Timing } from './alert-fields';
import { THRESHOLD_UNIT } from './blueprint-spec';
import { describeScope, describeSignal, formatSignalValue } from './describe';
import '../../components/data-table.css';
import './alerting.css';

const routeApi = getRouteApi('/alerts/$id');

export const Route = createLazyRoute('/alerts/$id')({ component: AlertRoute });

function AlertRoute() {
  const { id } = routeApi.useParams();
  return <EditAlert id={id} />;
}

/** An existing alert: what it watches, its live state per series, and the editable threshold, timing and channels. */
function EditAlert({ id }: { id: string }) {
  const time = useTimeSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const q = useQuery(alertQuery(id));
  const channels = useQuery(channelsQuery());
  const a = q.data;
  if (!a) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <div className="page">
          <h1>Alert not found</h1>
          <ErrorState error={q.error} />
          <Link to="/alerts" search={time as never}>
            All alerts
          </Link>
        </div>
      );
    return <div className="page">{q.error ? <ErrorState error={q.error} retry={() => void q.refetch()} /> : <Loading height={400} />}</div>;
  }
  return (
    <EditForm
      key={a.updatedAt}
      alert={a}
      channels={channels.data?.channels ?? []}
      onSaved={() => void client.invalidateQueries({ queryKey: ['alert', id] })}
      onDeleted={() => {
        void client.invalidateQueries({ queryKey: ['alerts'] });
        void navigate({ to: '/alerts', search: time as never });
      }}
    />
  );
}

function EditForm({
  alert: a,
  channels,
  onSaved,
  onDeleted,
}: {
  alert: AlertRule;
  channels: Channel[];
  onSaved: () => void;
  onDeleted: () => void;
}) {
  const time = useTimeSearch();
  const t = a.threshold;
  const [name, setName] = useState(a.name);
  const [warning, setWarning] = useState(t.type === 'static' && t.warning !== undefined ? String(t.warning) : '');
  const [critical, setCritical] = useState(t.type === 'static' && t.critical !== undefined ? String(t.critical) : '');
  const [timing, setTiming] = useState<Timing>({
    windowSeconds: String(a.windowSeconds),
    violations: String(a.timeRule.violations),
    of: String(a.timeRule.of),
    minTraffic: String(a.minTraffic),
    gracePeriodSeconds: String(a.gracePeriodSeconds),
    renotifySeconds: String(a.renotifySeconds),
  });
  const [chosen, setChosen] = useState(a.channels);
  const save = useMutation({
    mutationFn: () => {
      const { id: _id, updatedAt: _u, status: _s, ...full } = a;
      const threshold =
        t.type === 'static' ? { type: 'static' as const, warning: numOrUndefined(warning), critical: numOrUndefined(critical) } : t;
      return api.put<AlertRule>(`/alerts/${encodeURIComponent(a.id)}`, {
        ...full,
        name,
        threshold,
        channels: chosen,
        ...timingBody(timing),
      });
    },
    onSuccess: onSaved,
  });
  const remove = useMutation({ mutationFn: () => api.delete(`/alerts/${encodeURIComponent(a.id)}`), onSuccess: onDeleted });
  const series = a.status.series ?? [];
  const band = t.type === 'adaptive' ? series.find((s) => s.baseline)?.baseline : undefined;
  return (
    <div className="page alert-page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/alerts" search={time as never}>
          Alerts
        </Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>{a.name}</h1>
        <span className={`badge ${!a.enabled ? '' : (a.status.openIssues?.length ?? 0) > 0 ? 'critical' : 'ok'}`}>
          {!a.enabled ? 'Disabled' : (a.status.openIssues?.length ?? 0) > 0 ? `${a.status.openIssues?.length ?? 0} open` : 'OK'}
        </span>
        <span className="muted">
          {describeSignal(a.signal)} of {describeScope(a.scope)}
          {a.blueprint ? ` · from ${a.blueprint}` : ''}
        </span>
      </div>
      <div className="alert-layout">
        <form
          className="panel alert-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label className="field-block">
            <span>Name</span>
            <input className="input" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
          </label>
          {t.type === 'static' && a.signal.name !== 'offline' ? (
            <fieldset className="threshold">
              <legend>Threshold ({a.condition})</legend>
              <div className="field-row">
                <label className="field-block">
                  <span>Warning</span>
                  <input className="input" inputMode="decimal" value={warning} onChange={(e) => setWarning(e.target.value)} />
                </label>
                <label className="field-block">
                  <span>Critical</span>
                  <input className="input" inputMode="decimal" value={critical} onChange={(e) => setCritical(e.target.value)} />
                </label>
              </div>
              <span className="muted small">in {THRESHOLD_UNIT[a.signal.name]}</span>
            </fieldset>
          ) : t.type === 'adaptive' ? (
            <p className="small">
              Adaptive threshold: ±{t.deviation} robust deviations around a {t.seasonality} baseline
              {t.sudden ? ', plus sudden changes' : ''}; opens {t.severity} issues.
            </p>
          ) : null}
          <details open>
            <summary>Timing</summary>
            <TimingFields timing={timing} set={(p) => setTiming({ ...timing, ...p })} />
          </details>
          <ChannelsField channels={channels} value={chosen} set={setChosen} />
          {(save.error ?? remove.error) && <ErrorState error={save.error ?? remove.error} height={50} />}
          <div className="row">
            <button type="submit" className="btn primary" disabled={save.isPending}>
              {save.isPending ? 'Saving…' : save.isSuccess ? 'Saved' : 'Save'}
            </button>
            <div className="grow" />
            <button type="button" className="btn danger" onClick={() => window.confirm(`Delete the alert ${a.name}?`) && remove.mutate()}>
              Delete
            </button>
          </div>
        </form>
        <div className="alert-side">
          <AlertPreview
            scope={a.scope}
            signal={a.signal}
            condition={a.condition}
            threshold={
              band
                ? {
                    band: {
                      low: band.center - (t.type === 'adaptive' ? t.deviation : 3) * band.spread,
                      high: band.center + (t.type === 'adaptive' ? t.deviation : 3) * band.spread,
                    },
                  }
                : { warning: numOrUndefined(warning), critical: numOrUndefined(critical) }
            }
          />
          <section className="panel">
            <header>
              <h2>Evaluated now</h2>
              <span className="muted small">{a.status.evaluated ? 'every second' : 'not evaluated on this collector (yet)'}</span>
            </header>
            {series.length === 0 ? (
              <p className="pad muted small">
                No series yet: the signal has had no data (or too little traffic) since the alert was saved.
              </p>
            ) : (
              <table className="data-table" aria-label="Evaluated series">
                <thead>
                  <tr>
                    <th>Series</th>
                    <th className="num">Value</th>
                    <th className="num">Violations</th>
                    <th>State</th>
                  </tr>
                </thead>
                <tbody>
                  {series.map((s) => (
                    <tr key={s.key}>
                      <td className="ellipsis mono small">{s.key || describeScope(a.scope)}</td>
                      <td className="num">{formatSignalValue(a.signal, s.value)}</td>
                      <td className="num">
                        {s.violations} / {a.timeRule.of}
                      </td>
                      <td>
                        {s.open ? (
                          <span className="badge critical">open</span>
                        ) : s.sudden.learning ? (
                          <span className="badge">learning</span>
                        ) : (
                          <span className="badge ok">ok</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {(a.status.incidents?.length ?? 0) > 0 && (
              <div className="pad small">
                Incidents:{' '}
                {a.status.incidents?.map((i) => (
                  <Link key={i} to="/incidents/$id" params={{ id: i }} search={time as never}>
                    {i}{' '}
                  </Link>
                ))}
              </div>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

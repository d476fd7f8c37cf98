import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { api } from '../../api/client';
import { DataTable, type Column } from '../../components/data-table';
import { Empty, ErrorState, QueryState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';
import { alertsQuery, channelsQuery, openIncidentsQuery } from './alert-queries';
import type { AlertRule } from './alert-types';
import { describeScope, describeSignal, describeThreshold } from './describe';
import './alerting.css';

export const Route = createLazyRoute('/alerts')({ component: AlertsPage });

/** Alert configurations with their state, and the incidents open now. */
function AlertsPage() {
  const time = useTimeSearch();
  const navigate = useNavigate();
  const client = useQueryClient();
  const alerts = useQuery(alertsQuery());
  const channels = useQuery(channelsQuery());
  const incidents = useQuery(openIncidentsQuery());
  const toggle = useMutation({
    mutationFn: (a: AlertRule) => api.post<AlertRule>(`/alerts/${encodeURIComponent(a.id)}/${a.enabled ? 'disable' : 'enable'}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['alerts'] }),
  });
  const channelName = useMemo(() => new Map((channels.data?.channels ?? []).map((c) => [c.id, c.name])), [channels.data]);

  const columns = useMemo<Column<AlertRule>[]>(
    () => [
      {
        key: 'name',
        header: 'Alert',
        width: '22%',
        sort: (a) => a.name.toLowerCase(),
        cell: (a) => (
          <Link to="/alerts/$id" params={{ id: a.id }} search={time as never}>
            {a.name}
          </Link>
        ),
      },
      {
        key: 'scope',
        header: 'Watches',
        width: '22%',
        sort: (a) => describeScope(a.scope),
        cell: (a) => <span className="ellipsis">{describeScope(a.scope)}</span>,
      },
      { key: 'signal', header: 'Signal', cell: (a) => describeSignal(a.signal) },
      { key: 'threshold', header: 'Threshold', cell: (a) => describeThreshold(a) },
      {
        key: 'channels',
        header: 'Notifies',
        cell: (a) => (
          <span className="ellipsis small">
            {a.channels.map((c) => channelName.get(c) ?? c).join(', ') || <span className="muted">nobody</span>}
          </span>
        ),
      },
      {
        key: 'state',
        header: 'State',
        width: '120px',
        sort: (a) => (a.status.openIssues?.length ?? 0) * 2 + Number(a.enabled),
        cell: (a) =>
          !a.enabled ? (
            <span className="badge">Disabled</span>
          ) : (a.status.openIssues?.length ?? 0) > 0 ? (
            <span className="badge critical">{a.status.openIssues?.length} open</span>
          ) : a.status.evaluated ? (
            <span className="badge ok">OK</span>
          ) : (
            <span className="badge">Not evaluated yet</span>
          ),
      },
      {
        key: 'toggle',
        header: '',
        width: '90px',
        cell: (a) => (
          <button
            type="button"
            className="btn small"
            onClick={() => toggle.mutate(a)}
            disabled={toggle.isPending}
            aria-label={`${a.enabled ? 'Disable' : 'Enable'} ${a.name}`}
          >
            {a.enabled ? 'Disable' : 'Enable'}
          </button>
        ),
      },
    ],
    [time, channelName, toggle],
  );

  return (
    <div className="page">
      <div className="page-head">
        <h1>Alerts</h1>
        <span className="muted">smart alerts on services, endpoints, websites and infrastructure</span>
        <div className="grow" />
        <a className="btn" href="/api/v1/alerts/export" download="argus-alerts.yaml">
          Export YAML
        </a>
        <Link className="btn" to="/settings/channels" search={time as never}>
          Channels
        </Link>
        <Link className="btn primary" to="/alerts/new" search={time as never}>
          New alert
        </Link>
      </div>
      <section className="panel">
        <header>
          <h2>Open incidents</h2>
          <Link className="small" to="/events" search={{ ...time, type: 'incident' } as never}>
            All incidents
          </Link>
        </header>
        <QueryState
          query={incidents}
          height={80}
          isEmpty={(d) => d.events.length === 0}
          empty={<Empty title="No open incident" height={80} />}
        >
          {(d) => (
            <ul className="incident-list">
              {d.events.map((i) => (
                <li key={i.id}>
                  <span className={`badge ${i.severity === 'critical' ? 'critical' : 'warning'}`}>{i.severity}</span>
                  <Link to="/incidents/$id" params={{ id: i.id }} search={time as never}>
                    {i.title}
                  </Link>
                  <span className="muted small">
                    since {formatTime(i.startMs)} ({formatDuration(incidents.dataUpdatedAt - i.startMs)})
                  </span>
                  {i.acknowledged && <span className="badge">acknowledged</span>}
                </li>
              ))}
            </ul>
          )}
        </QueryState>
      </section>
      <section className="panel table-panel">
        {alerts.error && !alerts.data ? (
          <ErrorState error={alerts.error} retry={() => void alerts.refetch()} />
        ) : (
          <QueryState
            query={alerts}
            height={160}
            isEmpty={(d) => d.alerts.length === 0}
            empty={
              <Empty title="No alert configured" height={160}>
                Built-in detection (sudden drops, latency and error jumps, hosts and databases in trouble) runs anyway; add alerts for your
                own thresholds and to be notified.
              </Empty>
            }
          >
            {(d) => (
              <DataTable
                rows={d.alerts}
                columns={columns}
                rowKey={(a) => a.id}
                label="Alerts"
                defaultSort={{ key: 'state', asc: false }}
                onOpen={(a) => void navigate({ to: '/alerts/$id', params: { id: a.id }, search: time as never })}
              />
            )}
          </QueryState>
        )}
      </section>
    </div>
  );
}

import type { Entity, MetricListResponse } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { DataTable, type Column } from '../../../components/data-table';
import { Empty, QueryState } from '../../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../../hooks/use-range';
import { formatCount, formatTime } from '../../../lib/format';
import { EventList } from '../../events/event-list';
import { byTimeDesc, fromAlertEvent, fromEntityEvent } from '../../events/unified';
import { typeLabel } from '../entity-types';
import { entityEventsQuery, instancesQuery, metricListQuery } from '../infra-queries';
import { alertEventsQuery } from '../../events/event-queries';
import type { ChartSpec } from './dashboards';
import { MetricPanel } from './metric-panel';
import { formatterFor, unitKindOf } from './units';

/** The services whose spans came from this host, container, process or runtime (service instances). */
export function ServicesHere({ entity }: { entity: Entity }) {
  const range = useRange();
  const time = useTimeSearch();
  const q = useQuery(instancesQuery(range, entity));
  const pid = entity.attributes['process.pid'];
  const rows = useMemo(() => {
    const list = (q.data?.instances ?? []).filter((i) => entity.type !== 'process' || i.process.pid === pid);
    const by = new Map<string, { service: string; spans: number; lastSeen: string; where: string }>();
    for (const i of list) {
      const prev = by.get(i.service);
      const where = i.process.pid ? `pid ${i.process.pid}` : i.container.id ? `container ${i.container.id.slice(0, 12)}` : '';
      if (prev) {
        prev.spans += i.spans;
        if (i.lastSeen > prev.lastSeen) prev.lastSeen = i.lastSeen;
      } else by.set(i.service, { service: i.service, spans: i.spans, lastSeen: i.lastSeen, where });
    }
    return [...by.values()].sort((a, b) => b.spans - a.spans);
  }, [q.data, entity.type, pid]);
  return (
    <QueryState
      query={q}
      height={100}
      isEmpty={() => rows.length === 0}
      empty={<Empty title="No traced service seen here in this time range" height={100} />}
    >
      {() => (
        <table className="data-table" aria-label="Services running here">
          <thead>
            <tr>
              <th>Service</th>
              <th>Where</th>
              <th className="num">Spans</th>
              <th style={{ width: 100 }}>Last seen</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.service}>
                <td>
                  <Link to="/services/$name" params={{ name: r.service }} search={time as never}>
                    {r.service}
                  </Link>
                </td>
                <td className="muted small">{r.where}</td>
                <td className="num">{formatCount(r.spans, true)}</td>
                <td className="small">{formatTime(Date.parse(r.lastSeen))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

/** The entity's infrastructure events and alerting issues/changes, newest first. */
export function EntityEvents({ entity }: { entity: Entity }) {
  const range = useRange();
  const infra = useQuery(entityEventsQuery(range, entity.id));
  const alerts = useQuery(alertEventsQuery(range, { entity: entity.id }));
  const events = useMemo(
    () =>
      [...(infra.data?.events ?? []).map((e) => fromEntityEvent(e)), ...(alerts.data ?? []).map(fromAlertEvent)]
        .sort(byTimeDesc)
        .slice(0, 100),
    [infra.data, alerts.data],
  );
  return (
    <QueryState
      query={infra}
      height={100}
      isEmpty={() => events.length === 0}
      empty={<Empty title="No events in this time range" height={100} />}
    >
      {() => <EventList events={events} showEntity={false} label={`Events of ${entity.name}`} />}
    </QueryState>
  );
}

/** The entities below this one (a host's containers and processes, a process's runtime). */
export function Children({ children }: { children: Entity[] }) {
  const time = useTimeSearch();
  const columns = useMemo<Column<Entity>[]>(
    () => [
      {
        key: 'name',
        header: 'Name',
        width: '55%',
        sort: (e) => e.name.toLowerCase(),
        cell: (e) => (
          <span className="cell-name">
            <span className={`hdot h-${e.online ? 'ok' : 'offline'}`} role="img" aria-label={e.online ? 'Online' : 'Offline'} />
            <Link to="/infrastructure/entities/$id" params={{ id: e.id }} search={time as never}>
              {e.name}
            </Link>
          </span>
        ),
      },
      { key: 'type', header: 'Type', sort: (e) => typeLabel(e.type), cell: (e) => typeLabel(e.type) },
      { key: 'seen', header: 'Last seen', sort: (e) => e.lastSeen, cell: (e) => (e.lastSeen ? formatTime(e.lastSeen) : '–') },
    ],
    [time],
  );
  if (children.length === 0) return <Empty title="Nothing runs below this entity" height={80} />;
  return (
    <div className="children-table">
      <DataTable
        rows={children}
        columns={columns}
        rowKey={(e) => e.id}
        label="Contained entities"
        defaultSort={{ key: 'type', asc: true }}
      />
    </div>
  );
}

type MetricInfo = MetricListResponse['metrics'][number];

/** Every metric the entity reported in the last 7 days with its last value; one can be charted (kept in the URL). */
export function AllMetrics({ entity, selected }: { entity: string; selected?: string }) {
  const range = useRange();
  const setSearch = useSetSearch();
  const list = useQuery(metricListQuery(entity));
  const chosen = list.data?.metrics.find((m) => m.metric === selected);
  const spec = useMemo<ChartSpec | null>(
    () =>
      chosen
        ? {
            title: chosen.metric,
            metrics: [{ metric: chosen.metric }],
            unit: unitKindOf(chosen.mode === 'rate' ? `${chosen.unit}/s` : chosen.unit).kind,
            name: (a) => Object.values(a).join(' ') || chosen.metric,
          }
        : null,
    [chosen],
  );
  const columns = useMemo<Column<MetricInfo>[]>(
    () => [
      {
        key: 'metric',
        header: 'Metric',
        width: '45%',
        sort: (m) => m.metric,
        cell: (m) => (
          <button
            type="button"
            className="linklike mono small"
            aria-pressed={m.metric === selected}
            onClick={() => setSearch({ metric: m.metric }, true)}
          >
            {m.metric}
          </button>
        ),
      },
      { key: 'mode', header: 'Kind', sort: (m) => m.mode, cell: (m) => m.mode },
      { key: 'series', header: 'Series', numeric: true, sort: (m) => m.series, cell: (m) => m.series },
      {
        key: 'last',
        header: 'Last value',
        numeric: true,
        cell: (m) =>
          m.mode === 'gauge' ? (
            formatterFor(unitKindOf(m.unit).kind, unitKindOf(m.unit).text)(m.last.value)
          ) : (
            <span className="muted">counter</span>
          ),
      },
    ],
    [selected, setSearch],
  );
  return (
    <>
      {spec && <MetricPanel entity={entity} spec={spec} range={range} />}
      <QueryState
        query={list}
        height={100}
        isEmpty={(d) => d.metrics.length === 0}
        empty={<Empty title="No metrics reported in the last 7 days" height={100} />}
      >
        {(d) => (
          <div className="all-metrics">
            <DataTable
              rows={d.metrics}
              columns={columns}
              rowKey={(m) => m.metric}
              label="All metrics"
              defaultSort={{ key: 'metric', asc: true }}
            />
          </div>
        )}
      </QueryState>
    </>
  );
}

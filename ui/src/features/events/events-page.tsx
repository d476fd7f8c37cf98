import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useRange, useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { formatCount } from '../../lib/format';
import { infraMapQuery } from '../infrastructure/infra-queries';
import { alertEventsQuery, analyticsEventsQuery, infraEventsQuery } from './event-queries';
import { EventList } from './event-list';
import type { EventsSearch } from './events-search';
import { byTimeDesc, fromAlertEvent, fromAnalyticsEvent, fromEntityEvent, type UnifiedEvent } from './unified';
import './events.css';

const routeApi = getRouteApi('/events');

export const Route = createLazyRoute('/events')({ component: EventsPage });

const TYPES: Array<[NonNullable<EventsSearch['type']> | undefined, string]> = [
  [undefined, 'All'],
  ['incident', 'Incidents'],
  ['issue', 'Issues'],
  ['change', 'Changes'],
  ['event', 'Events'],
];
const SEVERITIES: Array<[EventsSearch['severity'], string]> = [
  [undefined, 'Any severity'],
  ['critical', 'Critical'],
  ['warning', 'Warning and up'],
  ['info', 'Info and up'],
];
const RANK = { info: 0, warning: 1, critical: 2 } as const;

/** Infrastructure and analytics events with alerting's changes, issues and incidents: one timeline, filterable. */
function EventsPage() {
  const search = routeApi.useSearch();
  const setSearch = useSetSearch();
  const range = useRange();
  const time = useTimeSearch();
  const [text, setText] = useState(search.q ?? '');
  const entityFilter = search.entity ? { entity: search.entity } : {};
  const infra = useQuery(infraEventsQuery(range, entityFilter));
  const alerts = useQuery(alertEventsQuery(range, entityFilter));
  const analytics = useQuery({ ...analyticsEventsQuery(range), enabled: false });
  // entity names for infrastructure events (their rows carry only the id)
  const names = useQuery({ ...infraMapQuery(), refetchInterval: false, staleTime: 60_000 });

  const all = useMemo(() => {
    const byId = new Map((names.data?.entities ?? []).map((e) => [e.id, { type: e.type, name: e.name }]));
    const rows: UnifiedEvent[] = [
      ...(infra.data?.events ?? []).map((e) => fromEntityEvent(e, byId)),
      ...(alerts.data ?? []).map(fromAlertEvent),
      ...(analytics.data?.events ?? []).map(fromAnalyticsEvent),
    ];
    return rows.sort(byTimeDesc);
  }, [infra.data, alerts.data, analytics.data, names.data]);

  const shown = useMemo(() => {
    const q = (search.q ?? '').toLowerCase();
    const min = search.severity ? RANK[search.severity] : 0;
    return all.filter(
      (e) =>
        (!search.type || e.type === search.type) &&
        RANK[e.severity] >= min &&
        (!q || `${e.title} ${e.text} ${e.code} ${e.entity?.name ?? ''} ${e.service ?? ''}`.toLowerCase().includes(q)),
    );
  }, [all, search.type, search.severity, search.q]);

  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const e of all) c[e.type] = (c[e.type] ?? 0) + 1;
    return c;
  }, [all]);
  const loading = infra.data === undefined && alerts.data === undefined;
  const error = infra.error ?? alerts.error;
  const entityName = search.entity ? (names.data?.entities.find((e) => e.id === search.entity)?.name ?? search.entity) : null;

  return (
    <div className="page">
      <div className="page-head">
        <h1>Events</h1>
        <span className="muted">{formatCount(shown.length)} in the time range</span>
        {entityName && search.entity && (
          <span className="badge">
            entity{' '}
            <Link to="/infrastructure/entities/$id" params={{ id: search.entity }} search={time as never}>
              {entityName}
            </Link>
            <button
              type="button"
              className="linkish clear-x"
              aria-label="Show events of every entity"
              onClick={() => setSearch({ entity: undefined })}
            >
              ×
            </button>
          </span>
        )}
      </div>
      <div className="panel events-toolbar">
        <div className="seg" role="group" aria-label="Event type">
          {TYPES.map(([t, label]) => (
            <button key={label} type="button" aria-pressed={search.type === t} onClick={() => setSearch({ type: t }, true)}>
              {label}
              {t && counts[t] ? ` (${formatCount(counts[t], true)})` : ''}
            </button>
          ))}
        </div>
        <select
          className="select"
          aria-label="Severity"
          value={search.severity ?? ''}
          onChange={(e) => setSearch({ severity: e.target.value || undefined }, true)}
        >
          {SEVERITIES.map(([s, label]) => (
            <option key={label} value={s ?? ''}>
              {label}
            </option>
          ))}
        </select>
        <input
          className="input"
          type="search"
          placeholder="Filter by text, code, entity, service"
          aria-label="Filter events"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setSearch({ q: e.target.value.trim() || undefined }, true);
          }}
        />
      </div>
      <section className="panel events-body">
        {loading ? (
          error ? (
            <ErrorState error={error} retry={() => void infra.refetch()} height={200} />
          ) : (
            <Loading height={200} label="Loading events" />
          )
        ) : shown.length === 0 ? (
          <Empty title={all.length ? 'No event matches the filters' : 'No events in this time range'} height={200}>
            Events come from the agents (processes started and stopped, sensor problems, entities discovered or gone), the service analysis
            and alerting (changes, issues, incidents).
          </Empty>
        ) : (
          <EventList events={shown.slice(0, 500)} label="Events" />
        )}
        {shown.length > 500 && <div className="pad muted small">Showing the newest 500; narrow the time range or the filters.</div>}
      </section>
    </div>
  );
}

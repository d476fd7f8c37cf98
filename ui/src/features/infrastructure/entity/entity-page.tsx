import type { Entity } from '@argus/api';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { ApiError } from '../../../api/client';
import { ErrorState, Loading } from '../../../components/states';
import { useRange, useTimeSearch } from '../../../hooks/use-range';
import { formatTime } from '../../../lib/format';
import { typeLabel, typeMark } from '../entity-types';
import { entityQuery, openIssuesQuery } from '../infra-queries';
import { HEALTH_LABEL } from '../map/infra-map-view';
import { healthOf } from '../map/map-model';
import { DASHBOARDS } from './dashboards';
import { AllMetrics, Children, EntityEvents, ServicesHere } from './entity-sections';
import { Changes, Facts } from './facts';
import { MetricPanel } from './metric-panel';
import '../map/infra-map.css';
import './entity.css';

const routeApi = getRouteApi('/infrastructure/entities/$id');

export const Route = createLazyRoute('/infrastructure/entities/$id')({ component: EntityPage });

const RUNTIME_TYPES = new Set(['nodejs']);

/** One entity's dashboard: its sensor's charts, snapshot facts and their changes, events, services, contents. */
function EntityPage() {
  const { id } = routeApi.useParams();
  const search = routeApi.useSearch();
  const range = useRange();
  const time = useTimeSearch();
  const detail = useQuery(entityQuery(id));
  const issues = useQuery(openIssuesQuery());
  const d = detail.data;
  const problems = useMemo(() => (issues.data ?? []).filter((i) => i.entity.id === id), [issues.data, id]);

  if (!d) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <div className="page">
          <h1>Entity not found</h1>
          <ErrorState error={detail.error} height={160} />
          <Link to="/infrastructure" search={time as never}>
            Back to the infrastructure map
          </Link>
        </div>
      );
    }
    return (
      <div className="page">
        {detail.error ? <ErrorState error={detail.error} retry={() => void detail.refetch()} /> : <Loading height={400} />}
      </div>
    );
  }

  const e = d.entity;
  const spec = DASHBOARDS[e.type] ?? { charts: [], facts: [] };
  const worst = problems.some((p) => p.severity === 'critical') ? 'critical' : problems.length ? 'warning' : undefined;
  const health = healthOf(e, worst ? new Map([[e.id, worst]]) : undefined);
  return (
    <div className="page entity-page">
      <Crumbs entity={e} parent={d.parent} />
      <div className="page-head">
        <h1>
          <span className="type-mark" aria-hidden="true">
            {typeMark(e.type)}
          </span>
          <span className="ellipsis">{e.name}</span>
        </h1>
        <span className={`badge ${health === 'ok' ? 'ok' : health === 'offline' ? '' : health}`}>{HEALTH_LABEL[health]}</span>
        <span className="badge">{typeLabel(e.type)}</span>
        <span className="muted small">
          {e.online ? 'reporting' : e.gone ? 'gone' : 'not reporting'}
          {e.lastSeen ? `, last report ${formatTime(e.lastSeen)}` : ''}
        </span>
        <div className="grow" />
        <Link className="btn" to="/infrastructure" search={{ ...time, q: e.name } as never}>
          Show on map
        </Link>
        <Link className="btn" to="/events" search={{ ...time, entity: e.id } as never}>
          Events
        </Link>
      </div>
      {problems.length > 0 && (
        <section className="panel problems" aria-label="Open issues">
          <ul>
            {problems.map((p) => (
              <li key={p.id}>
                <span className={`badge ${p.severity === 'critical' ? 'critical' : 'warning'}`}>{p.severity}</span>{' '}
                <strong>{p.title}</strong> <span className="muted">{p.text}</span>
                {p.incidentId && (
                  <>
                    {' '}
                    <Link to="/incidents/$id" params={{ id: p.incidentId }} search={time as never}>
                      incident
                    </Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="entity-top">
        <section className="panel">
          <header>
            <h2>{typeLabel(e.type)} facts</h2>
            <span className="muted small">snapshot of {formatTime(e.updatedAt)}</span>
          </header>
          <Facts entity={e} keyFacts={spec.facts} />
        </section>
        <div className="metric-grid">
          {spec.charts.map((c) => (
            <MetricPanel key={c.title} entity={e.id} spec={c} range={range} />
          ))}
          {spec.charts.length === 0 && (
            <section className="panel metric-panel">
              <header>
                <h2>Metrics</h2>
              </header>
              <div className="pad muted">No dashboard for {typeLabel(e.type)} entities yet: pick any of its metrics below.</div>
            </section>
          )}
        </div>
      </div>
      <div className="three-col">
        <section className="panel">
          <header>
            <h2>{RUNTIME_TYPES.has(e.type) ? 'Service' : 'Services running here'}</h2>
          </header>
          <ServicesHere entity={e} />
        </section>
        <section className="panel">
          <header>
            <h2>Events</h2>
            <span className="muted small">in the time range</span>
          </header>
          {/* focusable, so the scrolled list can be read with the keyboard (WCAG 2.1.1) */}
          <div className="scroll-box" tabIndex={0} role="region" aria-label="Events of this entity">
            <EntityEvents entity={e} />
          </div>
        </section>
        <section className="panel">
          <header>
            <h2>Recent changes</h2>
            <span className="muted small">snapshot history</span>
          </header>
          <div className="scroll-box" tabIndex={0} role="region" aria-label="Recent changes of this entity">
            <Changes changes={d.changes} />
          </div>
        </section>
      </div>
      <section className="panel">
        <header>
          <h2>Contains</h2>
          <span className="muted small">{d.children.length}</span>
        </header>
        <Children children={d.children} />
      </section>
      <section className="panel" aria-label="All metrics">
        <header>
          <h2>All metrics</h2>
          <span className="muted small">reported in the last 7 days; pick one to chart it</span>
        </header>
        <AllMetrics entity={e.id} selected={search.metric} />
      </section>
    </div>
  );
}

function Crumbs({ entity, parent }: { entity: Entity; parent: Entity | null }) {
  const time = useTimeSearch();
  const hostId = entity.type === 'host' ? null : entity.hostEntityId;
  // the host's own name (its detail is cached once opened; until it answers, the link says "host")
  const host = useQuery({
    ...entityQuery(hostId ?? ''),
    enabled: !!hostId && parent?.id !== hostId,
    staleTime: 60_000,
    refetchInterval: false,
    placeholderData: undefined,
  });
  return (
    <nav className="crumbs" aria-label="Breadcrumbs">
      <Link to="/infrastructure" search={time as never}>
        Infrastructure
      </Link>
      <span aria-hidden="true">/</span>
      {hostId && (!parent || parent.id !== hostId) && (
        <>
          <Link to="/infrastructure/entities/$id" params={{ id: hostId }} search={time as never}>
            {typeLabel('host')} {host.data?.entity.name ?? ''}
          </Link>
          <span aria-hidden="true">/</span>
        </>
      )}
      {parent && (
        <>
          <Link to="/infrastructure/entities/$id" params={{ id: parent.id }} search={time as never}>
            {typeLabel(parent.type)} {parent.name}
          </Link>
          <span aria-hidden="true">/</span>
        </>
      )}
    </nav>
  );
}

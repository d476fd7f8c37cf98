import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, Link } from '@tanstack/react-router';
import { api, ApiError } from '../../api/client';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';
import { EventList } from '../events/event-list';
import { fromAlertEvent } from '../events/unified';
import { incidentQuery, notificationsQuery } from './alert-queries';
import type { IncidentDetails } from './alert-types';
import { DeliveryLog } from './delivery-log';
import { RootCauseGraph } from './root-cause-graph';
import '../../components/data-table.css';
import './alerting.css';

const routeApi = getRouteApi('/incidents/$id');

export const Route = createLazyRoute('/incidents/$id')({ component: IncidentPage });

/** An API link of the correlation (`/api/v1/services/x`, `/api/v1/traces?...`) as the UI page showing the same. */
function uiLink(href: string): string {
  const u = new URL(href, window.location.origin);
  const path = u.pathname.replace(/^\/api\/v1/, '');
  return `${path}${u.search}`;
}

/** One incident: state and actions, the root cause with its explanation, the timeline, triggers, related issues and changes. */
function IncidentPage() {
  const { id } = routeApi.useParams();
  const time = useTimeSearch();
  const client = useQueryClient();
  const q = useQuery(incidentQuery(id));
  const deliveries = useQuery(notificationsQuery({ event: id }));
  const act = useMutation({
    mutationFn: (verb: 'acknowledge' | 'close') => api.post(`/incidents/${encodeURIComponent(id)}/${verb}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['incident', id] }),
  });
  const i = q.data;
  if (!i) {
    if (q.error instanceof ApiError && q.error.status === 404)
      return (
        <div className="page">
          <h1>Incident not found</h1>
          <ErrorState error={q.error} />
        </div>
      );
    return <div className="page">{q.error ? <ErrorState error={q.error} retry={() => void q.refetch()} /> : <Loading height={400} />}</div>;
  }
  const d = i.details as IncidentDetails;
  const triggerNodes = new Set(i.triggers.map((t) => t.details.nodeId).filter((n): n is string => typeof n === 'string'));
  const end = i.endMs ?? q.dataUpdatedAt;
  return (
    <div className="page incident-page">
      <nav className="crumbs" aria-label="Breadcrumbs">
        <Link to="/events" search={{ ...time, type: 'incident' } as never}>
          Incidents
        </Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1>{i.title}</h1>
        <span className={`badge ${i.severity === 'critical' ? 'critical' : 'warning'}`}>{i.severity}</span>
        <span className={`badge ${i.state === 'open' ? 'critical' : 'ok'}`}>{i.state}</span>
        {i.acknowledged && <span className="badge">acknowledged</span>}
        <span className="muted small">
          {formatTime(i.startMs)} · {i.state === 'open' ? 'open for' : 'lasted'} {formatDuration(end - i.startMs)}
        </span>
        <div className="grow" />
        {i.state === 'open' && !i.acknowledged && (
          <button type="button" className="btn" onClick={() => act.mutate('acknowledge')} disabled={act.isPending}>
            Acknowledge
          </button>
        )}
        {i.state === 'open' && (
          <button type="button" className="btn" onClick={() => act.mutate('close')} disabled={act.isPending}>
            Close
          </button>
        )}
      </div>
      {act.error && <ErrorState error={act.error} height={50} />}
      {i.text && <p className="incident-text">{i.text}</p>}
      <section className="panel root-cause">
        <header>
          <h2>Root cause</h2>
          {d.rootCause && <span className="muted small">ranked over the dependency graph from the triggers</span>}
        </header>
        {d.rootCause ? (
          <div className="pad">
            <div className="rc-name">
              {d.rootCause.entityId ? (
                <Link to="/infrastructure/entities/$id" params={{ id: d.rootCause.entityId }} search={time as never}>
                  {d.rootCause.kind} {d.rootCause.name}
                </Link>
              ) : d.rootCause.nodeId.startsWith('service:') ? (
                <Link to="/services/$name" params={{ name: d.rootCause.name }} search={time as never}>
                  {d.rootCause.kind} {d.rootCause.name}
                </Link>
              ) : (
                `${d.rootCause.kind} ${d.rootCause.name}`
              )}
            </div>
            <p>{d.rootCause.explanation}</p>
          </div>
        ) : (
          <Empty title="No root cause found yet" height={80}>
            The incident is correlated again as issues and changes arrive.
          </Empty>
        )}
        {d.graph && d.graph.nodes.length > 0 ? (
          <RootCauseGraph graph={d.graph} rootCause={d.rootCause?.nodeId} triggers={triggerNodes} affected={new Set(d.affected ?? [])} />
        ) : (
          (d.candidates?.length ?? 0) > 0 && (
            <table className="data-table" aria-label="Root-cause candidates">
              <thead>
                <tr>
                  <th>Candidate</th>
                  <th className="num">Explains</th>
                  <th className="num">Score</th>
                </tr>
              </thead>
              <tbody>
                {d.candidates?.map((c) => (
                  <tr key={c.nodeId}>
                    <td>{c.nodeId === d.rootCause?.nodeId ? <strong>{c.name}</strong> : c.name}</td>
                    <td className="num">{c.explains}</td>
                    <td className="num">{c.score}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        )}
        {(d.links?.length ?? 0) > 0 && (
          <ul className="rc-links">
            {[...new Map(d.links?.map((l) => [l.href, l])).values()].map((l) => (
              <li key={l.href}>
                <a href={uiLink(l.href)}>{l.rel}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <div className="two-col">
        <section className="panel">
          <header>
            <h2>Timeline</h2>
          </header>
          {(d.timeline?.length ?? 0) === 0 ? (
            <Empty title="Nothing recorded yet" height={100} />
          ) : (
            <ol className="incident-timeline">
              {d.timeline?.map((t, k) => (
                <li key={`${t.time}-${k}`}>
                  <span className="muted small">{formatTime(t.time)}</span> {t.what}
                </li>
              ))}
            </ol>
          )}
        </section>
        <section className="panel">
          <header>
            <h2>Example traces</h2>
            <span className="muted small">failing, else slowest, traces of the triggers</span>
          </header>
          {(d.exampleTraces?.length ?? 0) === 0 ? (
            <Empty title="No example trace" height={100}>
              The trigger services had no traces in the incident&apos;s window.
            </Empty>
          ) : (
            <ul className="incident-traces">
              {d.exampleTraces?.map((t) => (
                <li key={t.traceId}>
                  {t.error && <span className="badge critical">error</span>}{' '}
                  <Link to="/traces/$traceId" params={{ traceId: t.traceId }} search={time as never}>
                    {t.service} {t.endpoint}
                  </Link>{' '}
                  <span className="muted small">
                    {formatDuration(t.durationMs)} · {formatTime(t.startMs)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <div className="three-col-alert">
        <section className="panel">
          <header>
            <h2>Triggers</h2>
            <span className="muted small">{i.triggers.length}</span>
          </header>
          {i.triggers.length ? (
            <EventList events={i.triggers.map(fromAlertEvent)} label="Triggers" />
          ) : (
            <Empty title="No trigger recorded" height={80} />
          )}
        </section>
        <section className="panel">
          <header>
            <h2>Related issues</h2>
            <span className="muted small">{i.relatedIssues.length}</span>
          </header>
          {i.relatedIssues.length ? (
            <EventList events={i.relatedIssues.map(fromAlertEvent)} label="Related issues" />
          ) : (
            <Empty title="No related issue" height={80} />
          )}
        </section>
        <section className="panel">
          <header>
            <h2>Changes</h2>
            <span className="muted small">{i.changes.length}</span>
          </header>
          {i.changes.length ? (
            <EventList events={i.changes.map(fromAlertEvent)} label="Changes" />
          ) : (
            <Empty title="No change nearby" height={80} />
          )}
        </section>
      </div>
      <section className="panel">
        <header>
          <h2>Notifications</h2>
        </header>
        <DeliveryLog query={deliveries} />
      </section>
    </div>
  );
}

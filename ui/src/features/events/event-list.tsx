import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';
import { typeLabel } from '../infrastructure/entity-types';
import { infraMapQuery } from '../infrastructure/infra-queries';
import type { UnifiedEvent } from './unified';
import './events.css';

const TYPE_TEXT: Record<UnifiedEvent['type'], string> = { event: 'Event', change: 'Change', issue: 'Issue', incident: 'Incident' };

/** Events as a compact time-ordered list: severity, type, title and text, the entity or service, the time. */
export function EventList({ events, showEntity = true, label }: { events: UnifiedEvent[]; showEntity?: boolean; label: string }) {
  const time = useTimeSearch();
  // rows that carry only an entity's id (alerting changes, an entity page's own events) get its name from the map
  const unnamed = showEntity && events.some((e) => e.entity && e.entity.name === e.entity.id);
  const map = useQuery({ ...infraMapQuery(), enabled: unnamed, refetchInterval: false, staleTime: 60_000 });
  const names = useMemo(() => new Map((map.data?.entities ?? []).map((x) => [x.id, x])), [map.data]);
  const nameOf = (en: { id: string; name: string }) => (en.name === en.id ? (names.get(en.id)?.name ?? en.name) : en.name);
  return (
    <ul className="event-list" aria-label={label}>
      {events.map((e) => (
        <li key={e.key} className={`ev sev-${e.severity}`}>
          <span className={`sev-bar sev-${e.severity}`} aria-hidden="true" />
          <div className="ev-main">
            <div className="ev-head">
              <span className={`badge ${e.severity === 'critical' ? 'critical' : e.severity === 'warning' ? 'warning' : ''}`}>
                {e.severity === 'info' ? 'Info' : e.severity === 'warning' ? 'Warning' : 'Critical'}
              </span>
              <span className="badge">{TYPE_TEXT[e.type]}</span>
              {e.state && e.type !== 'change' && <span className={`ev-state ${e.state}`}>{e.state}</span>}
              {e.type === 'incident' && e.alertId ? (
                <Link className="ev-title" to="/incidents/$id" params={{ id: e.alertId }} search={time as never}>
                  {e.title}
                </Link>
              ) : (
                <span className="ev-title">{e.title}</span>
              )}
            </div>
            {e.text && e.text !== e.title && <div className="ev-text">{e.text}</div>}
            {showEntity && (e.entity ?? e.service) && (
              <div className="ev-where small">
                {e.entity && (
                  <Link to="/infrastructure/entities/$id" params={{ id: e.entity.id }} search={time as never}>
                    {typeLabel(e.entity.type)} {nameOf(e.entity)}
                  </Link>
                )}
                {e.service && (
                  <>
                    {e.entity && ' · '}
                    <Link to="/services/$name" params={{ name: e.service }} search={time as never}>
                      service {e.service}
                    </Link>
                  </>
                )}
              </div>
            )}
          </div>
          <div className="ev-time small muted">
            <time dateTime={new Date(e.time).toISOString()}>{formatTime(e.time)}</time>
            {e.endMs !== null && e.endMs > e.time && <div>for {formatDuration(e.endMs - e.time)}</div>}
          </div>
        </li>
      ))}
    </ul>
  );
}

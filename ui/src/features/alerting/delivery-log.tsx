import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Empty, QueryState } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatDuration, formatTime } from '../../lib/format';
import type { Notification } from './alert-types';
import '../../components/data-table.css';

/** Notifications sent (or being retried) with every delivery attempt: status, detail, duration. */
export function DeliveryLog({
  query,
  channelNames,
}: {
  query: UseQueryResult<{ notifications: Notification[] }>;
  channelNames?: ReadonlyMap<string, string>;
}) {
  const time = useTimeSearch();
  return (
    <QueryState
      query={query}
      height={80}
      isEmpty={(d) => d.notifications.length === 0}
      empty={<Empty title="Nothing sent yet" height={80} />}
    >
      {(d) => (
        <table className="data-table delivery-log" aria-label="Delivery log">
          <thead>
            <tr>
              <th style={{ width: 100 }}>Created</th>
              <th>Event</th>
              <th style={{ width: 120 }}>Channel</th>
              <th style={{ width: 80 }}>Kind</th>
              <th style={{ width: 80 }}>State</th>
              <th>Attempts</th>
            </tr>
          </thead>
          <tbody>
            {d.notifications.map((n) => (
              <tr key={n.id}>
                <td className="small">{formatTime(n.createdAt)}</td>
                <td className="ellipsis small">
                  {n.eventId.startsWith('inc') ? (
                    <Link to="/incidents/$id" params={{ id: n.eventId }} search={time as never}>
                      {n.eventId}
                    </Link>
                  ) : (
                    <span className="mono">{n.eventId}</span>
                  )}
                </td>
                <td className="ellipsis small">{channelNames?.get(n.channelId) ?? n.channelId}</td>
                <td className="small">{n.kind}</td>
                <td>
                  <span className={`badge ${n.state === 'sent' ? 'ok' : n.state === 'failed' ? 'critical' : 'warning'}`}>{n.state}</span>
                </td>
                <td className="small attempts">
                  {n.log.length === 0
                    ? n.lastError || '–'
                    : n.log.map((l) => (
                        <div key={`${l.attempt}-${l.time}`} title={l.detail}>
                          #{l.attempt} {formatTime(l.time)} {l.status} ({formatDuration(l.durationMs)}){l.detail ? `: ${l.detail}` : ''}
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </QueryState>
  );
}

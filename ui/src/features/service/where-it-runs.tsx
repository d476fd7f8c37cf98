import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { ServiceDetail } from '../../api/types';
import { Empty } from '../../components/states';
import { useTimeSearch } from '../../hooks/use-range';
import { formatCount, formatTime } from '../../lib/format';

/** A link to an entity's dashboard when the agent reported it, else the plain text. */
export function EntityLink({ id, children, label }: { id: string; children: ReactNode; label: string }) {
  const time = useTimeSearch();
  if (!id) return <>{children}</>;
  return (
    <Link to="/infrastructure/entities/$id" params={{ id }} search={time as never} aria-label={label}>
      {children}
    </Link>
  );
}

/** Hosts, containers and processes the service's spans came from, linked to their infrastructure dashboards. */
export function WhereItRuns({ detail }: { detail: ServiceDetail }) {
  if (detail.runsOn.length === 0) {
    return (
      <Empty title={detail.type === 'service' ? 'No instance seen in this time range' : 'Inferred from the calls it receives'} height={190}>
        {detail.type !== 'service' &&
          'Databases, queues and external hosts are known from client spans; no agent reports them as processes.'}
      </Empty>
    );
  }
  return (
    <div className="runs-on">
      <table className="data-table" aria-label="Instances">
        <thead>
          <tr>
            <th>Host</th>
            <th>Container</th>
            <th className="num" style={{ width: 70 }}>
              PID
            </th>
            <th className="num" style={{ width: 80 }}>
              Spans
            </th>
            <th style={{ width: 90 }}>Last seen</th>
          </tr>
        </thead>
        <tbody>
          {detail.runsOn.slice(0, 50).map((i) => (
            <tr key={`${i.host.id}|${i.container.id}|${i.process.pid}|${i.instance}`}>
              <td className="ellipsis" title={i.host.id}>
                <EntityLink id={i.host.entityId} label={`Host ${i.host.name || i.host.id}`}>
                  {i.host.name || i.host.id || '–'}
                </EntityLink>
              </td>
              <td className="ellipsis mono small" title={i.container.id}>
                {i.container.id ? (
                  <EntityLink id={i.container.entityId} label={`Container ${i.container.id.slice(0, 12)}`}>
                    {i.container.id.slice(0, 12)}
                  </EntityLink>
                ) : (
                  '–'
                )}
              </td>
              <td className="num">
                {i.process.pid ? (
                  <EntityLink id={i.process.entityId} label={`Runtime of process ${i.process.pid}`}>
                    {i.process.pid}
                  </EntityLink>
                ) : (
                  '–'
                )}
              </td>
              <td className="num">{formatCount(i.spans, true)}</td>
              <td className="small">{formatTime(Date.parse(i.lastSeen))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.runsOn.length > 50 && <div className="muted small pad">and {detail.runsOn.length - 50} more</div>}
    </div>
  );
}

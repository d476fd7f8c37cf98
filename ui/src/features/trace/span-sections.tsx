import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { TraceSpanDetail } from '../../api/types';
import { useTimeSearch } from '../../hooks/use-range';
import { formatAttributeValue, formatDuration } from '../../lib/format';

/** The parts of the span details that come with the span's own answer: HTTP/DB/messaging/RPC facts, exceptions, where it ran, attributes, events, links, resource. */
export function SpanSections({ span: s }: { span: TraceSpanDetail }) {
  const time = useTimeSearch();
  const p = s.promoted;
  const str = (k: string): string | undefined => (p[k] === undefined ? undefined : String(p[k]));
  const server = str('server_address');
  const port = str('server_port');
  const infra = s.infrastructure;
  const exceptions = s.events.filter((e) => e.name === 'exception');
  return (
    <>
      {(str('http_method') || str('http_status') || str('url_full') || str('url_path')) && (
        <Section title="HTTP">
          <Facts
            rows={[
              ['Method', str('http_method')],
              ['Route', str('http_route')],
              ['URL', str('url_full') ?? str('url_path')],
              ['Status', str('http_status')],
              ['Server', server && (port ? `${server}:${port}` : server)],
            ]}
          />
        </Section>
      )}
      {str('db_system') && (
        <Section title="Database">
          <Facts
            rows={[
              ['System', str('db_system')],
              ['Database', str('db_namespace')],
              ['Operation', str('db_operation')],
              ['Collection', str('db_collection')],
            ]}
          />
          {str('db_statement') && <pre className="sd-pre">{str('db_statement')}</pre>}
        </Section>
      )}
      {str('messaging_system') && (
        <Section title="Messaging">
          <Facts
            rows={[
              ['System', str('messaging_system')],
              ['Destination', str('messaging_destination')],
            ]}
          />
        </Section>
      )}
      {str('rpc_system') && (
        <Section title="RPC">
          <Facts
            rows={[
              ['System', str('rpc_system')],
              ['Service', str('rpc_service')],
              ['Method', str('rpc_method')],
            ]}
          />
        </Section>
      )}
      {exceptions.map((e, i) => (
        <Section key={`x${i}`} title="Exception" tone="error">
          <div className="sd-exc">
            <b>{formatAttributeValue(e.attributes['exception.type']) || 'Error'}</b>:{' '}
            {formatAttributeValue(e.attributes['exception.message'])}
          </div>
          {e.attributes['exception.stacktrace'] !== undefined && (
            <pre className="sd-pre">{formatAttributeValue(e.attributes['exception.stacktrace'])}</pre>
          )}
        </Section>
      ))}
      <Section title="Where it ran">
        <Facts
          rows={[
            ['Host', infra.hostName || undefined],
            ['Process', infra.processPid ? `pid ${infra.processPid}` : undefined],
            ['Container', infra.containerId ? infra.containerId.slice(0, 12) : undefined],
            ['Pod', infra.k8sPodUid || undefined],
            ['Entity', infra.entityId ? <code key="e">{infra.entityId}</code> : undefined],
          ]}
          empty="No infrastructure attributes on this span's resource"
        />
      </Section>
      <Section title={`Attributes (${Object.keys(s.attributes).length})`}>
        <KeyValues values={s.attributes} />
      </Section>
      {s.events.length > exceptions.length && (
        <Section title={`Events (${s.events.length - exceptions.length})`}>
          <ul className="sd-events">
            {s.events
              .filter((e) => e.name !== 'exception')
              .map((e, i) => (
                <li key={i}>
                  <span className="mono small">+{formatDuration(Number(BigInt(e.timeUnixNano) - BigInt(s.startTimeUnixNano)) / 1e6)}</span>{' '}
                  <b>{e.name}</b>
                  {Object.keys(e.attributes).length > 0 && <KeyValues values={e.attributes} />}
                </li>
              ))}
          </ul>
        </Section>
      )}
      {s.links.length > 0 && (
        <Section title={`Links (${s.links.length})`}>
          <ul className="sd-events">
            {s.links.map((l, i) => (
              <li key={i}>
                <Link to="/traces/$traceId" params={{ traceId: l.traceId }} search={time as never} className="mono small">
                  {l.traceId}
                </Link>
              </li>
            ))}
          </ul>
        </Section>
      )}
      <Section title={`Resource (${Object.keys(s.resource).length})`}>
        <KeyValues values={s.resource} />
      </Section>
      <Section title="Instrumentation">
        <Facts rows={[['Scope', `${s.scope.name}${s.scope.version ? ` ${s.scope.version}` : ''}` || undefined]]} />
      </Section>
    </>
  );
}

function Section({ title, children, tone }: { title: string; children: ReactNode; tone?: 'error' }) {
  return (
    <section className={`sd-section${tone ? ` ${tone}` : ''}`}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function Facts({ rows, empty }: { rows: Array<[string, ReactNode]>; empty?: string }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== '' && v !== null);
  if (shown.length === 0) return empty ? <div className="muted small">{empty}</div> : null;
  return (
    <dl className="sd-facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function KeyValues({ values }: { values: Record<string, unknown> }) {
  const entries = Object.entries(values).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <div className="muted small">none</div>;
  return (
    <table className="kv">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{formatAttributeValue(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

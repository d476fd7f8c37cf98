import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../../components/states';
import { useSetSearch, useTimeSearch } from '../../../hooks/use-range';
import { formatCount } from '../../../lib/format';
import { typeLabel } from '../entity-types';
import { infraMapQuery, openIssuesQuery } from '../infra-queries';
import type { MapSize } from '../infra-search';
import { autoSize, HEALTH_LABEL, InfraMapView } from './infra-map-view';
import { buildInfraMap, tagKeys, type InfraHealth } from './map-model';
import './infra-map.css';

const routeApi = getRouteApi('/infrastructure');

export const Route = createLazyRoute('/infrastructure')({ component: InfraMapPage });

const LEGEND: InfraHealth[] = ['ok', 'warning', 'critical', 'offline'];

/** The infrastructure map: zones, a pillar per host, a block per container, process and technology. */
function InfraMapPage() {
  const search = routeApi.useSearch();
  const setSearch = useSetSearch();
  const time = useTimeSearch();
  const navigate = useNavigate();
  const entities = useQuery(infraMapQuery());
  const issues = useQuery(openIssuesQuery());
  const [text, setText] = useState(search.q ?? '');
  const q = useDeferredValue(search.q ?? '');

  const problems = useMemo(() => {
    const m = new Map<string, 'warning' | 'critical'>();
    for (const i of issues.data ?? []) {
      const sev = i.severity === 'critical' ? 'critical' : 'warning';
      if (m.get(i.entity.id) !== 'critical') m.set(i.entity.id, sev);
    }
    return m;
  }, [issues.data]);
  const types = useMemo(() => (search.types ? new Set(search.types.split(',')) : undefined), [search.types]);
  const all = entities.data?.entities;
  const map = useMemo(
    () =>
      buildInfraMap(all ?? [], {
        groupBy: search.group,
        types,
        q,
        problems,
        problemsOnly: search.problems,
        showOffline: search.offline,
        processes: search.allProcesses ? 'all' : 'parents',
      }),
    [all, search.group, types, q, problems, search.problems, search.offline, search.allProcesses],
  );
  const keys = useMemo(() => tagKeys(all ?? []), [all]);
  const size: MapSize = search.size ?? autoSize(map.hosts);
  const open = useCallback(
    (id: string) => void navigate({ to: '/infrastructure/entities/$id', params: { id }, search: time as never }),
    [navigate, time],
  );

  const toggleType = (t: string) => {
    const current = types ?? new Set(map.types.map((x) => x.type));
    const next = new Set(current);
    if (next.has(t)) next.delete(t);
    else next.add(t);
    const everything = map.types.every((x) => next.has(x.type));
    setSearch({ types: everything ? undefined : [...next].join(',') || 'none' }, true);
  };

  return (
    <div className="page infra-page">
      <div className="page-head">
        <h1>Infrastructure</h1>
        {all && (
          <span className="muted">
            {formatCount(map.hosts)} {map.hosts === 1 ? 'host' : 'hosts'} · {formatCount(map.blocks)} entities
            {problems.size > 0 && ` · ${problems.size} with open issues`}
          </span>
        )}
        <div className="grow" />
        <div className="infra-legend" aria-label="Legend">
          {LEGEND.map((h) => (
            <span key={h} className="row">
              <span className={`hdot h-${h}`} aria-hidden="true" />
              {HEALTH_LABEL[h]}
            </span>
          ))}
        </div>
      </div>
      <div className="infra-toolbar panel">
        <form
          className="row"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setSearch({ q: text.trim() || undefined }, true);
          }}
        >
          <input
            className="input"
            type="search"
            placeholder="Find a host, process, technology…"
            aria-label="Find entities on the map"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setSearch({ q: e.target.value.trim() || undefined }, true);
            }}
          />
        </form>
        <label className="row small">
          Group by
          <select
            className="select"
            value={search.group ?? 'zone'}
            onChange={(e) => setSearch({ group: e.target.value === 'zone' ? undefined : e.target.value }, true)}
          >
            <option value="zone">Zone</option>
            {keys.map((k) => (
              <option key={k} value={`tag:${k}`}>
                Tag: {k}
              </option>
            ))}
            <option value="none">Nothing</option>
          </select>
        </label>
        <div className="seg" role="group" aria-label="Block size">
          {(['s', 'm', 'l'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={size === s} onClick={() => setSearch({ size: s }, true)}>
              {{ s: 'Small', m: 'Medium', l: 'Large' }[s]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn"
          aria-pressed={search.problems === true}
          onClick={() => setSearch({ problems: search.problems ? undefined : true }, true)}
        >
          Problems only
        </button>
        <button
          type="button"
          className="btn"
          aria-pressed={search.allProcesses === true}
          title="Without this, only processes that run a technology (Node.js, PostgreSQL, ...) are shown"
          onClick={() => setSearch({ allProcesses: search.allProcesses ? undefined : true }, true)}
        >
          All processes{!search.allProcesses && map.plainHidden > 0 ? ` (+${formatCount(map.plainHidden, true)})` : ''}
        </button>
        <button
          type="button"
          className="btn"
          aria-pressed={search.offline === true}
          onClick={() => setSearch({ offline: search.offline ? undefined : true }, true)}
        >
          Show offline{map.offlineHidden > 0 ? ` (${formatCount(map.offlineHidden, true)})` : ''}
        </button>
        <div className="type-chips" role="group" aria-label="Entity types shown">
          {map.types
            .filter((t) => t.type !== 'host')
            .map((t) => (
              <button
                key={t.type}
                type="button"
                className="chip"
                aria-pressed={!types || types.has(t.type)}
                onClick={() => toggleType(t.type)}
              >
                {typeLabel(t.type)} <span className="chip-count">{formatCount(t.count, true)}</span>
              </button>
            ))}
        </div>
      </div>
      {all === undefined ? (
        entities.error ? (
          <ErrorState error={entities.error} retry={() => void entities.refetch()} height={300} />
        ) : (
          <Loading height={300} label="Loading the infrastructure map" />
        )
      ) : map.hosts === 0 ? (
        <Empty title="No hosts report to Argus yet" height={300}>
          Install the agent on a host (
          <code>curl -fsSL http://&lt;argus-host&gt;:4318/install.sh | sudo ARGUS_KEY=&lt;ingest key&gt; bash</code>) or run{' '}
          <code>pnpm start</code>, which starts one for this machine.
        </Empty>
      ) : map.zones.length === 0 ? (
        <Empty title="No host matches the filters" height={300} />
      ) : (
        <InfraMapView map={map} size={size} time={time} onOpen={open} dimmed={q.trim() !== ''} />
      )}
    </div>
  );
}

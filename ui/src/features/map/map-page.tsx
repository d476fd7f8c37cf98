import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { mapQuery } from '../../api/queries';
import { TYPE_LABEL } from '../../components/health';
import { Empty, ErrorState, Loading } from '../../components/states';
import { useRange, useSetSearch } from '../../hooks/use-range';
import { HEALTHS, SERVICE_TYPES } from '../../search-params';
import { filterGraph } from './map-graph';
import { MapCanvas } from './map-canvas';
import { useLayoutWorker } from './use-layout';
import './map.css';

const routeApi = getRouteApi('/map');

export const Route = createLazyRoute('/map')({ component: MapPage });

const HEALTH_LABEL = { ok: 'Healthy', warning: 'Warning', critical: 'Critical', unknown: 'No calls' } as const;

/** The dependency map: services and inferred databases, queues, external hosts, and the calls between them. */
function MapPage() {
  const search = routeApi.useSearch();
  const range = useRange();
  const setSearch = useSetSearch();
  const map = useQuery(mapQuery(range));
  const worker = useLayoutWorker();
  const graph = useMemo(() => (map.data ? filterGraph(map.data, search) : null), [map.data, search]);
  const size = search.size ?? 'calls';
  const dir = search.dir ?? 'LR';

  return (
    <div className="map-page">
      <div className="map-toolbar">
        <h1>Dependency map</h1>
        {map.data && graph && (
          <span className="muted small">
            {graph.nodes.length === map.data.nodes.length
              ? `${map.data.nodes.length} services · ${map.data.edges.length} call edges`
              : `${graph.nodes.length} of ${map.data.nodes.length} services · ${graph.edges.length} edges`}
          </span>
        )}
        <div className="grow" />
        <input
          className="input"
          type="search"
          placeholder="Filter by name"
          aria-label="Filter map by service name"
          value={search.q ?? ''}
          onChange={(e) => setSearch({ q: e.target.value || undefined }, true)}
        />
        <select
          className="select"
          aria-label="Filter map by type"
          value={search.type ?? ''}
          onChange={(e) => setSearch({ type: e.target.value || undefined })}
        >
          <option value="">All types</option>
          {SERVICE_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABEL[t]}
            </option>
          ))}
        </select>
        <select
          className="select"
          aria-label="Filter map by health"
          value={search.health ?? ''}
          onChange={(e) => setSearch({ health: e.target.value || undefined })}
        >
          <option value="">Any health</option>
          {HEALTHS.map((h) => (
            <option key={h} value={h}>
              {HEALTH_LABEL[h]}
            </option>
          ))}
        </select>
        <div className="seg" role="group" aria-label="Size nodes by">
          {(['calls', 'errors', 'latency'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={size === s} onClick={() => setSearch({ size: s === 'calls' ? undefined : s })}>
              {s === 'calls' ? 'Calls' : s === 'errors' ? 'Errors' : 'Latency'}
            </button>
          ))}
        </div>
        <div className="seg" role="group" aria-label="Layout direction">
          <button type="button" aria-pressed={dir === 'LR'} onClick={() => setSearch({ dir: undefined })} title="Left to right">
            ⟶
          </button>
          <button type="button" aria-pressed={dir === 'TB'} onClick={() => setSearch({ dir: 'TB' })} title="Top down">
            ↓
          </button>
        </div>
      </div>
      <div className="map-area panel">
        {map.data === undefined ? (
          map.error ? (
            <ErrorState error={map.error} retry={() => void map.refetch()} height={400} />
          ) : (
            <Loading height={400} label="Loading the dependency map" />
          )
        ) : map.data.nodes.length === 0 ? (
          <Empty title="No services in this time range" height={400}>
            Services and their calls appear here as traces arrive (OTLP on the ingest port, or start with <code>--demo</code>).
          </Empty>
        ) : graph && graph.nodes.length === 0 ? (
          <Empty title="No service matches the filters" height={400} />
        ) : (
          graph && <MapCanvas worker={worker} nodes={graph.nodes} edges={graph.edges} size={size} dir={dir} focus={search.focus} />
        )}
      </div>
    </div>
  );
}

import { Background, Controls, MarkerType, MiniMap, ReactFlow, type Edge, type ReactFlowInstance } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { MapEdge, MapNode } from '../../api/types';
import { Loading } from '../../components/states';
import { useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { useTheme } from '../../hooks/use-theme';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';
import { connected, metricLabel, scales, shapeKey, type SizeBy } from './map-graph';
import { NODE_H, NODE_W, ServiceNode, type ServiceNodeType } from './service-node';
import { useLayout } from './use-layout';
import { FocusPanel } from './focus-panel';

const nodeTypes = { service: ServiceNode };

interface Props {
  nodes: MapNode[];
  edges: MapEdge[];
  size: SizeBy;
  dir: 'LR' | 'TB';
  focus?: string;
}

/** React Flow canvas: positions from the worker layout, KPIs refreshed in place, focus highlights a node's paths. */
export function MapCanvas({ nodes, edges, size, dir, focus }: Props) {
  const setSearch = useSetSearch();
  const navigate = useNavigate();
  const time = useTimeSearch();
  const theme = useTheme();
  const key = useMemo(() => shapeKey(nodes, edges, dir), [nodes, edges, dir]);
  const input = useMemo(() => ({ nodes: nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H })), edges, direction: dir }), [key]); // eslint-disable-line react-hooks/exhaustive-deps -- the shape is `key`
  const { result, error } = useLayout(input, key);
  const flow = useRef<ReactFlowInstance<ServiceNodeType> | null>(null);
  const [hover, setHover] = useState<{ edge: MapEdge; x: number; y: number } | null>(null);
  const big = nodes.length > 300;

  const lit = useMemo(() => (focus && nodes.some((n) => n.id === focus) ? connected(focus, edges) : null), [focus, nodes, edges]);
  const scale = useMemo(() => scales(nodes, size), [nodes, size]);

  const rfNodes = useMemo<ServiceNodeType[]>(() => {
    if (!result) return [];
    return nodes
      .filter((n) => result.positions[n.id])
      .map((n) => ({
        id: n.id,
        type: 'service',
        position: result.positions[n.id],
        width: NODE_W,
        height: NODE_H,
        draggable: false,
        selected: n.id === focus,
        data: {
          name: n.name,
          type: n.type,
          health: n.health,
          metric: metricLabel(n, size),
          scale: scale.get(n.id) ?? 0,
          dim: lit !== null && !lit.has(n.id),
          focus: n.id === focus,
          vertical: dir === 'TB',
        },
      }));
  }, [nodes, result, size, scale, lit, focus, dir]);

  const maxRate = useMemo(() => Math.max(1e-9, ...edges.map((e) => e.callsPerSecond)), [edges]);
  const rfEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => {
        const onPath = lit ? lit.has(e.source) && lit.has(e.target) : true;
        const color = e.errorRate >= 0.1 ? 'var(--crit)' : e.errorRate >= 0.02 ? 'var(--warn)' : 'var(--edge)';
        return {
          id: `${e.source}>${e.target}`,
          source: e.source,
          target: e.target,
          type: big ? 'straight' : 'default',
          focusable: false,
          style: { stroke: color, strokeWidth: 1 + 2.5 * Math.sqrt(e.callsPerSecond / maxRate), opacity: onPath ? 0.9 : 0.12 },
          markerEnd: big ? undefined : { type: MarkerType.ArrowClosed, color, width: 14, height: 14 },
          data: { edge: e },
        };
      }),
    [edges, lit, big, maxRate],
  );

  // fit the view when the shape changes (not on every refresh)
  useEffect(() => {
    if (result && flow.current) requestAnimationFrame(() => void flow.current?.fitView({ padding: 0.12, duration: 0 }));
  }, [result]);

  const onEdgeEnter = useCallback((ev: React.MouseEvent, edge: Edge) => {
    const e = (edge.data as { edge: MapEdge } | undefined)?.edge;
    if (e) setHover({ edge: e, x: ev.clientX, y: ev.clientY });
  }, []);

  if (error) return <div className="map-error err-text">Layout failed: {error}</div>;
  if (!result) return <Loading height={400} label="Laying out the map" />;
  const focusNode = focus ? nodes.find((n) => n.id === focus) : undefined;
  return (
    <div className="map-canvas" data-engine={result.engine} data-layout-ms={Math.round(result.ms)}>
      <ReactFlow<ServiceNodeType>
        nodes={rfNodes}
        edges={rfEdges}
        nodeTypes={nodeTypes}
        colorMode={theme}
        minZoom={0.03}
        maxZoom={2}
        fitView
        fitViewOptions={{ padding: 0.12 }}
        onInit={(i) => (flow.current = i)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        proOptions={{ hideAttribution: true }}
        onNodeClick={(_, n) => setSearch({ focus: n.id === focus ? undefined : n.id }, true)}
        onNodeDoubleClick={(_, n) => void navigate({ to: '/services/$name', params: { name: n.id }, search: time as never })}
        onPaneClick={() => focus && setSearch({ focus: undefined }, true)}
        onEdgeMouseEnter={onEdgeEnter}
        onEdgeMouseMove={onEdgeEnter}
        onEdgeMouseLeave={() => setHover(null)}
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} position="bottom-left" />
        {!big && <MiniMap pannable zoomable position="bottom-right" nodeStrokeWidth={2} ariaLabel="Map overview" />}
      </ReactFlow>
      {hover && (
        <div className="edge-tip" style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">
          <div className="edge-tip-title">
            {hover.edge.source} → {hover.edge.target}
          </div>
          <div>
            <span className="muted">Calls</span> {formatRate(hover.edge.callsPerSecond)}
          </div>
          <div>
            <span className="muted">Error rate</span> {formatPercent(hover.edge.errorRate)}
          </div>
          <div>
            <span className="muted">p50 / p99</span> {formatDuration(hover.edge.p50Ms)} / {formatDuration(hover.edge.p99Ms)}
          </div>
        </div>
      )}
      {focusNode && <FocusPanel node={focusNode} edges={edges} onClose={() => setSearch({ focus: undefined }, true)} />}
      <div className="map-legend small">
        <span>
          <span className="dot ok" /> healthy
        </span>
        <span>
          <span className="dot warning" /> ≥ 2 % errors
        </span>
        <span>
          <span className="dot critical" /> ≥ 10 % errors
        </span>
        <span className="muted">click a node to trace its paths, double-click to open it</span>
        <Link to="/services" search={time as never} className="visually-hidden">
          Services list
        </Link>
      </div>
    </div>
  );
}

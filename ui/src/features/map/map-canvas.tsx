import {
  Background,
  Controls,
  getViewportForBounds,
  ReactFlow,
  useStore,
  ViewportPortal,
  type Edge,
  type Node,
  type ReactFlowInstance,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { MapEdge, MapNode } from '../../api/types';
import { Loading } from '../../components/states';
import { useSetSearch, useTimeSearch } from '../../hooks/use-range';
import { useTheme } from '../../hooks/use-theme';
import { formatDuration, formatPercent, formatRate } from '../../lib/format';
import { edgeHits, nearestEdge, type EdgeHits, type EdgeHover } from './edge-geometry';
import { EdgeLayer, useDrawnEdges } from './edge-layer';
import { FocusPanel } from './focus-panel';
import { connected, shapeKey, type SizeBy } from './map-graph';
import { MapOverview } from './map-overview';
import { NodeLayer } from './node-layer';
import { NODE_H, NODE_W } from './service-node';
import { useLayoutIn } from './use-layout';

const MIN_ZOOM = 0.03;
const MAX_ZOOM = 2;
const PADDING = 0.12;
const FIT = { padding: PADDING, duration: 0 };
const FAR_ZOOM = 0.5;

interface Props {
  /** the layout worker (useLayoutWorker in the page, started before the data arrives) */
  worker: () => Worker | null;
  nodes: MapNode[];
  edges: MapEdge[];
  size: SizeBy;
  dir: 'LR' | 'TB';
  focus?: string;
}

/**
 * The map: React Flow for the viewport (pan, zoom, fit, controls, background), the nodes and edges drawn by
 * NodeLayer and EdgeLayer inside its viewport at the positions of the worker layout. The first frame is already
 * fitted (the viewport is computed from the layout's size and the canvas's), and live refreshes of the numbers
 * re-render only what changed.
 */
export function MapCanvas({ worker, nodes, edges, size, dir, focus }: Props) {
  const setSearch = useSetSearch();
  const navigate = useNavigate();
  const time = useTimeSearch();
  const theme = useTheme();
  const key = useMemo(() => shapeKey(nodes, edges, dir), [nodes, edges, dir]);
  const input = useMemo(
    () => ({
      nodes: nodes.map((n) => ({ id: n.id, width: NODE_W, height: NODE_H })),
      edges: edges.map((e) => ({ source: e.source, target: e.target })),
      direction: dir,
    }),
    [key], // eslint-disable-line react-hooks/exhaustive-deps -- the shape is `key`
  );
  const { result, error } = useLayoutIn(worker, input, key);
  const flow = useRef<ReactFlowInstance | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const [boxSize, setBoxSize] = useState<{ width: number; height: number } | null>(null);
  const [hover, setHover] = useState<EdgeHover | null>(null);
  const lit = useMemo(() => (focus && nodes.some((n) => n.id === focus) ? connected(focus, edges) : null), [focus, nodes, edges]);
  const drawn = useDrawnEdges(edges, result?.positions, dir);
  // edge hover: the curve nearest to the pointer (within 6 screen pixels), sampled on the first move over this layout
  const hits = useRef<{ of: typeof drawn; h: EdgeHits } | null>(null);
  const onMouseMove = (ev: MouseEvent) => {
    const f = flow.current;
    if (!f || (ev.target as Element).closest('.map-node, .react-flow__panel, .react-flow__controls, .edge-tip')) {
      setHover(null);
      return;
    }
    if (hits.current?.of !== drawn) hits.current = { of: drawn, h: edgeHits(drawn.curves) };
    const p = f.screenToFlowPosition({ x: ev.clientX, y: ev.clientY });
    const i = nearestEdge(hits.current.h, p.x, p.y, 6 / f.getZoom());
    setHover(i < 0 ? null : { edge: drawn.edges[i], x: ev.clientX, y: ev.clientY });
  };

  // the canvas's size, known before the layout arrives, so React Flow starts at the fitted viewport
  useLayoutEffect(() => {
    const el = box.current;
    if (el && !boxSize) setBoxSize({ width: el.clientWidth, height: el.clientHeight });
  }, [boxSize]);
  const bounds = useMemo(() => (result ? { x: 0, y: 0, width: result.width, height: result.height } : null), [result]);
  // the first layout is shown fitted (defaultViewport); a later one (filters, direction) is fitted when it arrives
  const shown = useRef<typeof bounds>(null);
  useEffect(() => {
    if (!bounds || bounds === shown.current) return;
    if (shown.current) void flow.current?.fitBounds(bounds, FIT);
    shown.current = bounds;
  }, [bounds]);
  const fit = useCallback(() => void (bounds && flow.current?.fitBounds(bounds, FIT)), [bounds]);

  const onSelect = useCallback((id: string) => setSearch({ focus: id === focus ? undefined : id }, true), [setSearch, focus]);
  const onOpen = useCallback(
    (id: string) => void navigate({ to: '/services/$name', params: { name: id }, search: time as never }),
    [navigate, time],
  );

  if (error) return <div className="map-error err-text">Layout failed: {error}</div>;
  const ready = result && boxSize && bounds;
  const focusNode = focus ? nodes.find((n) => n.id === focus) : undefined;
  return (
    <div
      className="map-canvas"
      ref={box}
      data-engine={result?.engine}
      data-layout-ms={result ? Math.round(result.ms) : undefined}
      onMouseMove={onMouseMove}
      onMouseLeave={() => setHover(null)}
    >
      {!ready ? (
        <Loading height={400} label="Laying out the map" />
      ) : (
        <ReactFlow
          nodes={NO_NODES}
          edges={NO_EDGES}
          colorMode={theme}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          defaultViewport={getViewportForBounds(bounds, boxSize.width, boxSize.height, MIN_ZOOM, MAX_ZOOM, PADDING)}
          onInit={(i) => (flow.current = i)}
          nodesDraggable={false}
          nodesConnectable={false}
          zoomOnDoubleClick={false}
          proOptions={{ hideAttribution: true }}
          onPaneClick={() => focus && setSearch({ focus: undefined }, true)}
        >
          <ViewportPortal>
            <EdgeLayer drawn={drawn} dir={dir} lit={lit} arrows={nodes.length <= 300} />
            <NodeLayer nodes={nodes} positions={result.positions} size={size} focus={focus} lit={lit} onSelect={onSelect} onOpen={onOpen} />
          </ViewportPortal>
          <DetailByZoom canvas={box} />
          <Background gap={24} size={1} />
          <Controls showInteractive={false} position="bottom-left" onFitView={fit} />
          <MapOverview nodes={nodes} positions={result.positions} width={result.width} height={result.height} />
        </ReactFlow>
      )}
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

/**
 * Level of detail: zoomed out below 50 % the node names are unreadable (under 6 px): `far` on the canvas leaves them
 * out of layout and paint, which on a fitted 1,000-service map is most of the work.
 */
function DetailByZoom({ canvas }: { canvas: RefObject<HTMLDivElement | null> }) {
  const far = useStore((s) => s.transform[2] < FAR_ZOOM);
  useLayoutEffect(() => void canvas.current?.classList.toggle('far', far), [far, canvas]);
  return null;
}

/** React Flow holds no nodes or edges of its own: NodeLayer and EdgeLayer draw them */
const NO_NODES: Node[] = [];
const NO_EDGES: Edge[] = [];

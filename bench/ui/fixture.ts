/**
 * The benchmark's data, sent through the real ingest into a collector process (embedded ClickHouse): two service graphs
 * in separate time windows, a 10,000-span trace, one hour of 1 s traffic on one service, and 500 hosts for the
 * infrastructure map. Only the parts asked for are ingested (`--only` in run.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, newCredentials, startCollectorProcess } from '../chaos/collector-process.js';
import { infraFleet, sendFleet } from './infra-map.js';
import { bigTrace, graphTraces, send, serviceGraph, steadyTraffic } from './synthetic.js';

export const PARTS = ['bundle', 'map', 'trace', 'infra', 'chart', 'layouts'] as const;
export type Part = (typeof PARTS)[number];

/** `--only map,chart` (or repeated `--only`): the parts to run; all without the flag. */
export function partsFromArgs(args: string[]): Set<Part> {
  const picked = args.flatMap((a, i) => (args[i - 1] === '--only' ? a.split(',') : []));
  const bad = picked.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (bad.length) throw new Error(`--only takes ${PARTS.join('|')}, not ${bad.join(', ')}`);
  return new Set(picked.length ? (picked as Part[]) : PARTS);
}

export interface Window {
  from: number;
  to: number;
}

/** the collector the pages talk to: its own process, as `pnpm start` runs it (not sharing the harness's event loop) */
export interface BenchCollector {
  apiUrl: string;
  ingestUrl: string;
  ingestKey: string;
  adminToken: string;
  /** stop the process and delete its data directory */
  destroy(): Promise<void>;
}

async function startBenchCollector(): Promise<BenchCollector> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-ui-'));
  const { key, adminToken } = newCredentials();
  // ARGUS_UI_DIR, when set, reaches the collector through the environment: it serves that build
  const p = await startCollectorProcess({ dataDir, ingestPort: await freePort(), apiPort: await freePort(), key, adminToken });
  return {
    apiUrl: p.apiUrl,
    ingestUrl: p.ingestUrl,
    ingestKey: key,
    adminToken,
    async destroy() {
      p.child.kill('SIGTERM');
      await p.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface UiFixture {
  c: BenchCollector;
  w200: Window;
  w1000: Window;
  /** nodes and edges the API returns for each window */
  s200: { nodes: number; edges: number };
  s1000: { nodes: number; edges: number };
  traceId: string;
  infraHosts: number;
}

export const INFRA_HOSTS = 500;

export async function startFixture(parts: Set<Part>): Promise<UiFixture> {
  const c = await startBenchCollector();
  const now = Date.now();
  const w200 = { from: now - 50 * 60_000, to: now - 44 * 60_000 };
  const w1000 = { from: now - 40 * 60_000, to: now - 34 * 60_000 };
  const big = bigTrace(10_000, now - 30 * 60_000);
  console.log('ingesting…');
  if (parts.has('map')) {
    await send(c.ingestUrl, c.ingestKey, graphTraces(serviceGraph(200, 600, 'small'), w200.from + 30_000, 4 * 60_000));
    await send(c.ingestUrl, c.ingestKey, graphTraces(serviceGraph(1000, 3000, 'large'), w1000.from + 30_000, 4 * 60_000));
  }
  if (parts.has('trace')) await send(c.ingestUrl, c.ingestKey, big.spans, 2500);
  if (parts.has('chart')) await send(c.ingestUrl, c.ingestKey, steadyTraffic('steady', 3600, now));
  if (parts.has('infra')) await sendFleet(c.ingestUrl, c.ingestKey, infraFleet(INFRA_HOSTS));
  const api = async <T>(path: string) =>
    (await (await fetch(`${c.apiUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${c.adminToken}` } })).json()) as T;
  const shape = async (w: Window) => {
    const m = await api<{ nodes: unknown[]; edges: unknown[] }>(`/dependency-map?from=${w.from}&to=${w.to}`);
    return { nodes: m.nodes.length, edges: m.edges.length };
  };
  if (parts.has('map')) {
    for (let i = 0; i < 240 && ((await shape(w200)).edges < 600 || (await shape(w1000)).edges < 3000); i++)
      await new Promise((r) => setTimeout(r, 1000));
  }
  // a service the generator never connected has no spans, so the map holds what the API returns
  const s200 = await shape(w200);
  const s1000 = await shape(w1000);
  if (parts.has('map')) console.log(`resolved: ${s200.edges} / 600 and ${s1000.edges} / 3000 edges`);
  return { c, w200, w1000, s200, s1000, traceId: big.traceId, infraHosts: INFRA_HOSTS };
}

/**
 * Layered layout engines side by side on the same synthetic graphs (node, one process per run, time-limited):
 * dagre (network simplex), ELK layered, and Argus' linear-time layered layout. Quality: straight-segment edge
 * crossings, total edge length, drawing area.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LayoutRow {
  engine: string;
  size: string;
  ms: number | null;
  crossings: number | null;
  edgeLength: number | null;
  area: string;
  note?: string;
}

const SCRIPT = fileURLToPath(new URL('./layout-one.ts', import.meta.url));

export function compareLayouts(sizes: Array<[number, number]>, timeoutMs = 120_000): LayoutRow[] {
  const rows: LayoutRow[] = [];
  for (const [n, m] of sizes) {
    for (const engine of ['fast', 'dagre', 'elk']) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, engine, String(n), String(m)], {
        encoding: 'utf8',
        timeout: timeoutMs,
      });
      if (r.status !== 0 || !r.stdout.trim()) {
        rows.push({
          engine,
          size: `${n}/${m}`,
          ms: null,
          crossings: null,
          edgeLength: null,
          area: '–',
          note: r.error ? `over ${timeoutMs / 1000} s` : r.stderr.slice(0, 200),
        });
        continue;
      }
      rows.push({ ...(JSON.parse(r.stdout.trim().split('\n').pop()!) as LayoutRow), size: `${n}/${m}` });
    }
  }
  return rows;
}

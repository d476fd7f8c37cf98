/**
 * What a merge policy costs the reads: each config's collector takes a closed-loop load for --seconds, and right
 * after it (merges still behind) the spans table's active parts are counted and trace search and trace-by-id are
 * timed over HTTP (median of --runs, after one warm-up). Configs alternate by round.
 *
 *   node --import tsx bench/ingest/parts-query.ts --config default --config base5:ARGUS_SPANS_MERGE_BASE=5 [--seconds 60] [--rounds 2]
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ADMIN, parseConfigs, runLoad, spawnBenchCollector, type BenchConfig } from './collector.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', multiple: true, default: ['default'] },
    seconds: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    runs: { type: 'string', default: '15' },
  },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const auth = { authorization: `Bearer ${ADMIN}` };

async function timed(url: string, runs: number): Promise<{ ms: number; body: unknown }> {
  let body: unknown;
  const ms: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: auth });
    if (!res.ok) throw new Error(`${url} -> ${res.status}`);
    body = await res.json();
    if (i > 0) ms.push(performance.now() - t0);
  }
  return { ms: Math.round(median(ms) * 10) / 10, body };
}

async function measure(config: BenchConfig) {
  const c = await spawnBenchCollector('argus-parts-', [], config.env);
  try {
    const ingest = `http://127.0.0.1:${c.ingestPort}`;
    for (let i = 0; i < 600 && !(await fetch(`${ingest}/health`).catch(() => null))?.ok; i++) await sleep(100);
    const api = `http://127.0.0.1:${c.apiPort}/api/v1`;
    const from = Date.now() - 600_000;
    const l = await runLoad(`${ingest}/v1/traces`, { seconds: values.seconds, concurrency: values.concurrency, spans: '1000', rate: '0' });
    const to = Date.now() + 60_000;
    const tables = (await (await fetch(`${api}/storage`, { headers: auth })).json()) as { tables: { table: string; parts: number }[] };
    const parts = tables.tables.find((t) => t.table === 'spans')?.parts;
    const runs = Number(values.runs);
    const search = await timed(`${api}/traces?from=${from}&to=${to}&limit=20`, runs);
    const byService = await timed(`${api}/traces?from=${from}&to=${to}&service=checkout&limit=20`, runs);
    const ids = (search.body as { traces: { traceId: string }[] }).traces.map((t) => t.traceId);
    const byId = await timed(`${api}/traces/${ids[0]}`, runs);
    return {
      config: config.name,
      acked: l.acked,
      spansParts: parts,
      searchMs: search.ms,
      searchServiceMs: byService.ms,
      traceByIdMs: byId.ms,
    };
  } finally {
    c.child.kill('SIGKILL');
    await sleep(500);
    rmSync(c.dataDir, { recursive: true, force: true });
  }
}

const configs = parseConfigs(values.config);
for (let round = 0; round < Number(values.rounds); round++) {
  for (const config of round % 2 ? [...configs].reverse() : configs) console.log(JSON.stringify({ round, ...(await measure(config)) }));
}

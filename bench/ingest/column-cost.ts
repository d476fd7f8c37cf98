/**
 * ClickHouse's CPU per span for writing each group of the spans table's columns: an insert, and the merge that
 * rewrites it. The spans come from a collector's data directory (given, e.g. one kept by `BENCH_KEEP_DATA=1
 * bench/ingest/run.ts`; or, without one, made here: a collector with embedded storage under 20 s of the ingest
 * benchmark's load at 4 senders, then stopped). Per group, a side table keeps the sort key's columns and the group's
 * (no skip indexes), takes the spans in ten inserts with merges stopped (ten parts, as ten insert batches make), then
 * merges them into one (`OPTIMIZE ... FINAL`); the CPU of each step is divided by the spans, and the sort key alone
 * is measured the same way, so a group's own cost is its row minus the key's. Last, the table as it is (every column
 * and skip index). One process, one thread per step: far less scatter than the whole collector under load. A
 * development aid for issue 19 (where ClickHouse's part of the CPU per span goes).
 *
 *   node --import tsx bench/ingest/column-cost.ts [dataDir] [--rounds 3]
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { runLoad, spawnBenchCollector, storedSpans, waitHealthy } from './collector.js';

const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '3' } }, allowPositionals: true });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A data directory holding the ingest benchmark's spans, made by a collector run here (removed at the end). */
async function makeSpans(): Promise<string> {
  const { child, dataDir, ingestPort, apiPort } = await spawnBenchCollector('argus-column-cost-');
  await waitHealthy(ingestPort);
  await sleep(3000); // the decode workers load their code
  const load = await runLoad(`http://127.0.0.1:${ingestPort}/v1/traces`, { seconds: '20', concurrency: '4', spans: '1000', rate: '0' });
  while ((await storedSpans(apiPort)) < load.acked) await sleep(200);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return dataDir;
}

const made = positionals[0] === undefined;
const dataDir = positionals[0] ?? (await makeSpans());
const require = createRequire(new URL('../../collector/package.json', import.meta.url));
const { Session } = require('chdb') as { Session: new (path: string) => { query(sql: string, format: string): unknown } };
const session = new Session(`${dataDir}/clickhouse`);
const q = (sql: string) => String(session.query(sql, 'TSV')).trim();
const lines = (sql: string) => q(sql).split('\n').filter(Boolean);
const db = q(`SELECT database FROM system.tables WHERE name = 'spans' LIMIT 1`);
const spans = Number(q(`SELECT count() FROM ${db}.spans`));
const SIDE = `${db}.column_cost`;

const stored = lines(
  `SELECT name, type FROM system.columns WHERE database = '${db}' AND table = 'spans' AND default_kind NOT IN ('ALIAS', 'EPHEMERAL')`,
).map((l) => l.split('\t') as [string, string]);
const sortKey = lines(`SELECT name FROM system.columns WHERE database = '${db}' AND table = 'spans' AND is_in_sorting_key`);
const named = (pick: (name: string, type: string) => boolean) =>
  stored.filter(([n, t]) => !sortKey.includes(n) && pick(n, t)).map(([n]) => n);
const maps = ['attributes', 'attributes_typed', 'resource_attributes', 'resource_attributes_typed'];
const lowCardinality = named((n, t) => t.startsWith('LowCardinality'));
const arrays = named((n, t) => t.startsWith('Array'));
const groups: Array<[string, string[]]> = [
  ['sort key only', []],
  ...maps.map((m): [string, string[]] => [m, [m]]),
  [`${lowCardinality.length} LowCardinality columns`, lowCardinality],
  [`${arrays.length} events/links arrays`, arrays],
  ['the other columns', named((n) => !maps.includes(n) && !lowCardinality.includes(n) && !arrays.includes(n))],
];

/** CPU µs per span of `fn` (this process: chDB runs the query on its threads and returns) */
function cpu(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / spans;
}

/** The side table with `keep` columns (all when undefined): ten inserts, then one merge; CPU per span and bytes. */
function measure(keep: string[] | undefined): { insert: number; merge: number; bytes: number } {
  q(`DROP TABLE IF EXISTS ${SIDE}`);
  q(`CREATE TABLE ${SIDE} AS ${db}.spans`);
  if (keep) {
    for (const i of lines(`SELECT name FROM system.data_skipping_indices WHERE database = '${db}' AND table = 'column_cost'`))
      q(`ALTER TABLE ${SIDE} DROP INDEX \`${i}\``);
    for (const a of lines(`SELECT name FROM system.columns WHERE database = '${db}' AND table = 'column_cost' AND default_kind = 'ALIAS'`))
      q(`ALTER TABLE ${SIDE} DROP COLUMN \`${a}\``);
    const drop = stored.map(([n]) => n).filter((n) => !keep.includes(n));
    q(`ALTER TABLE ${SIDE} ${drop.map((n) => `DROP COLUMN \`${n}\``).join(', ')}`);
  }
  const list = (keep ?? stored.map(([n]) => n)).map((n) => `\`${n}\``).join(', ');
  q(`SYSTEM STOP MERGES ${SIDE}`);
  const insert = cpu(() => {
    for (let k = 0; k < 10; k++)
      q(
        `INSERT INTO ${SIDE} (${list}) SELECT ${list} FROM ${db}.spans WHERE cityHash64(span_id) % 10 = ${k} SETTINGS max_threads = 1, max_insert_threads = 1`,
      );
  });
  q(`SYSTEM START MERGES ${SIDE}`);
  const merge = cpu(() => q(`OPTIMIZE TABLE ${SIDE} FINAL`));
  const bytes =
    Number(q(`SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '${db}' AND table = 'column_cost' AND active`)) / spans;
  return { insert, merge, bytes };
}

console.log(`${spans.toLocaleString('en')} spans; sort key ${sortKey.join(', ')}`);
measure(undefined); // warm-up: the source's pages and the engine's caches
const runs = new Map<string, Array<ReturnType<typeof measure>>>();
for (let round = 0; round < Number(values.rounds); round++)
  for (const [name, columns] of [...groups, ['the table as it is', undefined] as const]) {
    const r = measure(columns === undefined ? undefined : [...sortKey, ...columns]);
    runs.set(name, [...(runs.get(name) ?? []), r]);
  }
q(`DROP TABLE IF EXISTS ${SIDE}`);
if (made) rmSync(dataDir, { recursive: true, force: true });

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const med = (name: string) => {
  const rs = runs.get(name)!;
  return { insert: median(rs.map((r) => r.insert)), merge: median(rs.map((r) => r.merge)), bytes: median(rs.map((r) => r.bytes)) };
};
const key = med('sort key only');
console.log('| columns | insert µs/span | merge µs/span | B/span on disk | beyond the sort key: insert / merge / B |');
console.log('|---|---:|---:|---:|---|');
for (const name of runs.keys()) {
  const m = med(name);
  const own =
    name === 'sort key only' || name === 'the table as it is'
      ? ''
      : `${(m.insert - key.insert).toFixed(2)} / ${(m.merge - key.merge).toFixed(2)} / ${(m.bytes - key.bytes).toFixed(1)}`;
  console.log(`| ${name} | ${m.insert.toFixed(2)} | ${m.merge.toFixed(2)} | ${m.bytes.toFixed(1)} | ${own} |`);
}

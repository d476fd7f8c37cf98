/**
 * ClickHouse's CPU per span for writing the spans table (an insert, and a merge that rewrites it), with and without
 * its skip indexes: opens a stopped collector's data directory with chDB (e.g. one kept by `BENCH_KEEP_DATA=1
 * bench/ingest/run.ts`), copies the spans into a side table per variant in four inserts, merges them into one part,
 * and prints the CPU of each step per span. Two rounds; the source is read by every insert alike.
 *
 *   node --import tsx bench/ingest/skip-index-cost.ts <dataDir>
 */
import { createRequire } from 'node:module';
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: skip-index-cost.ts <dataDir>');
const require = createRequire(new URL('../../collector/package.json', import.meta.url));
const { Session } = require('chdb') as { Session: new (path: string) => { query(sql: string, format: string): unknown } };
const session = new Session(`${dataDir}/clickhouse`);
const q = (sql: string) => String(session.query(sql, 'TSV')).trim();
const db = q(`SELECT database FROM system.tables WHERE name = 'spans' LIMIT 1`);
const spans = Number(q(`SELECT count() FROM ${db}.spans`));
const indexes = q(`SELECT name FROM system.data_skipping_indices WHERE database='${db}' AND table='spans'`).split('\n');
console.log('indexes:', indexes.join(', '));
const variants: Array<[string, string[]]> = [
  ['as is', []],
  ['no attr values', ['idx_attr_values']],
  ['no attr keys+values', ['idx_attr_keys', 'idx_attr_values']],
  ['no skip indexes', indexes],
];
for (let round = 0; round < 2; round++)
  for (const [name, drop] of variants) {
    q(`DROP TABLE IF EXISTS ${db}.idx_cmp`);
    q(`CREATE TABLE ${db}.idx_cmp AS ${db}.spans`);
    for (const i of drop) q(`ALTER TABLE ${db}.idx_cmp DROP INDEX ${i}`);
    const c0 = process.cpuUsage();
    for (let k = 0; k < 4; k++)
      q(
        `INSERT INTO ${db}.idx_cmp SELECT * FROM ${db}.spans WHERE cityHash64(span_id) % 4 = ${k} SETTINGS max_threads = 1, max_insert_threads = 1`,
      );
    const c1 = process.cpuUsage(c0);
    const m0 = process.cpuUsage();
    q(`OPTIMIZE TABLE ${db}.idx_cmp FINAL`);
    const m1 = process.cpuUsage(m0);
    const us = (c: NodeJS.CpuUsage) => ((c.user + c.system) / spans).toFixed(2);
    console.log(`${name.padEnd(22)} insert ${us(c1)} us/span, merge ${us(m1)} us/span`);
  }
q(`DROP TABLE IF EXISTS ${db}.idx_cmp`);

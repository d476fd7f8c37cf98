/**
 * Column codecs compared on real rows: opens a collector's data directory with chDB (the collector must be stopped;
 * e.g. one kept by `BENCH_KEEP_DATA=1 bench/ingest/run.ts`), copies a table once per variant into a side table whose
 * columns got the variant's codecs, merges each copy into one part per partition, and prints the compressed bytes
 * per span of each variant next to the table as it is, with the columns that changed. Insert CPU per variant is
 * printed too (one copy each, so a rough figure: repeat for a decision).
 *
 *   node --import tsx bench/ingest/codecs.ts <dataDir> [--table spans] \
 *     --variant "ts:timestamp=Delta, ZSTD(1)" --variant "maps:attributes=ZSTD(9);resource_attributes=ZSTD(6)"
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { table: { type: 'string', default: 'spans' }, variant: { type: 'string', multiple: true, default: [] } },
});
const dataDir = positionals[0];
if (!dataDir) throw new Error('usage: codecs.ts <dataDir> [--table spans] --variant "name:column=CODEC;column=CODEC"');
const require = createRequire(new URL('../../collector/package.json', import.meta.url));
const { Session } = require('chdb') as { Session: new (path: string) => { query(sql: string, format: string): unknown } };
const session = new Session(`${dataDir}/clickhouse`);
const q = (sql: string) => String(session.query(sql, 'TSV')).trim();
const ident = (s: string) => `\`${s.replace(/`/g, '')}\``;

const table = values.table;
const db = q(`SELECT database FROM system.tables WHERE name = '${table.replace(/'/g, '')}' LIMIT 1`);
if (!db) throw new Error(`no table ${table} in ${dataDir}`);
const spans = Number(q(`SELECT count() FROM ${ident(db)}.spans`));
const variants: Array<[string, Array<[string, string]>]> = [
  ['as is', []],
  ...values.variant.map((v): [string, Array<[string, string]>] => {
    const name = v.slice(0, v.indexOf(':'));
    const spec = v.slice(v.indexOf(':') + 1);
    return [name, spec.split(';').map((cc) => [cc.slice(0, cc.indexOf('=')).trim(), cc.slice(cc.indexOf('=') + 1).trim()])];
  }),
];

const sizes = new Map<string, Map<string, number>>();
for (const [name, codecs] of variants) {
  const side = `codec_cmp_${sizes.size}`;
  q(`DROP TABLE IF EXISTS ${ident(db)}.${side}`);
  q(`CREATE TABLE ${ident(db)}.${side} AS ${ident(db)}.${ident(table)}`);
  for (const [column, codec] of codecs) q(`ALTER TABLE ${ident(db)}.${side} MODIFY COLUMN ${ident(column)} CODEC(${codec})`);
  const c0 = process.cpuUsage();
  q(`INSERT INTO ${ident(db)}.${side} SELECT * FROM ${ident(db)}.${ident(table)} SETTINGS max_threads = 1, max_insert_threads = 1`);
  const cpu = process.cpuUsage(c0);
  q(`OPTIMIZE TABLE ${ident(db)}.${side} FINAL`);
  const rows = q(
    `SELECT column, sum(column_data_compressed_bytes) FROM system.parts_columns
     WHERE active AND database = '${db}' AND table = '${side}' GROUP BY column`,
  );
  sizes.set(name, new Map(rows.split('\n').map((l) => [l.split('\t')[0], Number(l.split('\t')[1]) / spans])));
  q(`DROP TABLE ${ident(db)}.${side}`);
  const total = [...sizes.get(name)!.values()].reduce((a, b) => a + b, 0);
  const base = sizes.get('as is')!;
  const changed = [...sizes.get(name)!]
    .map(([c, b]) => [c, b - (base.get(c) ?? 0)] as const)
    .filter(([, d]) => Math.abs(d) >= 0.05)
    .map(([c, d]) => `${c} ${d > 0 ? '+' : ''}${d.toFixed(2)}`);
  console.log(
    `${name.padEnd(12)} ${total.toFixed(2)} B/span (column data; per span of the spans table), insert ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU${changed.length ? `; ${changed.join(', ')}` : ''}`,
  );
}

/**
 * Repairs data parts that a merge left broken when the disk filled up under it. chDB's engine (ClickHouse 26.7)
 * can commit a merged part whose files the full disk cut short, with no error: the part then fails every read
 * ("Empty marks file ..."), and the next start detaches it as `broken-on-start`, with its rows. The parts it was
 * merged from stay on disk as outdated parts for `old_parts_lifetime` (8 minutes by default), and a table's
 * shutdown removes them. While they are there, the rows can be put back: the sources are attached again (hard
 * links in `detached/`, then `ALTER TABLE ... ATTACH PART`), which neither copies data nor runs the materialized
 * views a second time; then the broken part is detached and dropped.
 */
import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import { ident, literal as lit } from './sql-quote.js';
import type { Storage } from './storage.js';

interface PartRow {
  table: string;
  name: string;
  partition_id: string;
  min: number;
  max: number;
  level: number;
  rows: number;
  path: string;
}

export interface RepairReport {
  /** active parts checked */
  checked: number;
  /** broken parts found */
  broken: string[];
  /** broken parts replaced by the parts they were merged from */
  repaired: string[];
  /** broken parts whose rows could not (all) be put back: the reason, for the log */
  unrecoverable: Array<{ part: string; reason: string }>;
}

const PART_COLUMNS = `table, name, partition_id, toUInt64(min_block_number) AS min, toUInt64(max_block_number) AS max,
  toUInt32(level) AS level, toUInt64(rows) AS rows, path`;
const num = (r: PartRow): PartRow => ({ ...r, min: Number(r.min), max: Number(r.max), level: Number(r.level), rows: Number(r.rows) });

/**
 * Checks the active merged parts written since `sinceSec` (unix seconds) in the storage's database with `CHECK TABLE ...
 * PART`, and puts back the rows of every broken merged part whose sources are still on disk. Embedded storage
 * only (the part paths must be this process's files).
 */
export async function repairBrokenParts(storage: Storage, sinceSec: number, log: Logger): Promise<RepairReport> {
  const report: RepairReport = { checked: 0, broken: [], repaired: [], unrecoverable: [] };
  const parts = (
    await storage.query<PartRow>(
      `SELECT ${PART_COLUMNS} FROM system.parts
       WHERE database = currentDatabase() AND active AND level > 0 AND modification_time >= toDateTime({since:UInt32})
       ORDER BY table, min`,
      { since: Math.max(0, Math.floor(sinceSec)) },
    )
  ).map(num);
  for (const p of parts) {
    report.checked++;
    if (await isIntact(storage, p)) continue;
    const label = `${p.table}/${p.name}`;
    report.broken.push(label);
    const problem = await restore(storage, p);
    if (problem) {
      report.unrecoverable.push({ part: label, reason: problem });
      log.error({ table: p.table, part: p.name, rows: p.rows, reason: problem }, 'broken data part: its rows could not be put back');
    } else {
      report.repaired.push(label);
      log.warn({ table: p.table, part: p.name, rows: p.rows }, 'broken data part replaced by the parts it was merged from');
    }
  }
  return report;
}

async function isIntact(storage: Storage, p: PartRow): Promise<boolean> {
  try {
    const rows = await storage.query<{ is_passed: number }>(
      `CHECK TABLE ${ident(p.table)} PART ${lit(p.name)} SETTINGS check_query_single_value_result = 0`,
    );
    return rows.every((r) => Number(r.is_passed) === 1);
  } catch (e) {
    // a part that cannot even be checked (its files are gone or unreadable) is broken too; a table that does not
    // support CHECK is not ours to judge
    return /NOT_IMPLEMENTED|SUPPORT_IS_DISABLED/.test((e as Error).message);
  }
}

/** puts the broken part's rows back from its sources; returns why it could not, or undefined */
async function restore(storage: Storage, broken: PartRow): Promise<string | undefined> {
  const outdated = (
    await storage.query<PartRow>(
      `SELECT ${PART_COLUMNS} FROM system.parts
       WHERE database = currentDatabase() AND table = {table:String} AND NOT active
         AND partition_id = {partition:String} AND min_block_number >= {min:Int64} AND max_block_number <= {max:Int64}`,
      { table: broken.table, partition: broken.partition_id, min: broken.min, max: broken.max },
    )
  ).map(num);
  const sources = widest(outdated);
  if (sources.length === 0) return 'the parts it was merged from are no longer on disk';
  const lo = Math.min(...sources.map((s) => s.min));
  const hi = Math.max(...sources.map((s) => s.max));
  const engine = await storage.query<{ engine: string }>(
    `SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = {table:String}`,
    { table: broken.table },
  );
  const rows = sources.reduce((a, s) => a + s.rows, 0);
  // a plain MergeTree keeps every row through a merge; the other engines may fold rows, so only the ends are checked
  if (lo !== broken.min || hi !== broken.max || (engine[0]?.engine === 'MergeTree' && rows !== broken.rows))
    return `the parts it was merged from are not all on disk (blocks ${lo}-${hi} of ${broken.min}-${broken.max}, ${rows} of ${broken.rows} rows)`;
  const detached = join(dirname(broken.path.replace(/\/+$/, '')), 'detached');
  try {
    for (const s of sources) linkTree(s.path, join(detached, s.name));
  } catch (e) {
    return `could not link the parts it was merged from: ${(e as Error).message}`;
  }
  // the sources first (they take new block numbers, outside the broken part's range), then the broken part goes:
  // reads fail until then, as they did since the merge, and never see part of the rows
  const failed: string[] = [];
  for (const s of sources) {
    try {
      await storage.command(`ALTER TABLE ${ident(broken.table)} ATTACH PART ${lit(s.name)}`);
    } catch (e) {
      failed.push(`${s.name}: ${(e as Error).message.slice(0, 200)}`);
    }
  }
  await storage.command(`ALTER TABLE ${ident(broken.table)} DETACH PART ${lit(broken.name)}`);
  if (failed.length) return `detached, but parts it was merged from did not attach (they stay in detached/): ${failed.join('; ')}`;
  // every row is back: the broken copy is of no use, and the disk was just full
  await storage.command(`ALTER TABLE ${ident(broken.table)} DROP DETACHED PART ${lit(broken.name)} SETTINGS allow_drop_detached = 1`);
  return undefined;
}

/** the outdated parts not contained in a wider one: the last generation before the broken merge */
function widest(parts: PartRow[]): PartRow[] {
  const sorted = [...parts].sort((a, b) => b.max - b.min - (a.max - a.min) || b.level - a.level);
  const picked: PartRow[] = [];
  for (const p of sorted) if (!picked.some((q) => p.min <= q.max && q.min <= p.max)) picked.push(p);
  return picked.sort((a, b) => a.min - b.min);
}

/** a part directory as hard links (no data copied; the originals may be removed meanwhile without harm) */
function linkTree(from: string, to: string): void {
  if (existsSync(to)) rmSync(to, { recursive: true, force: true }); // a previous attempt's links
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) {
    const src = join(from, f);
    if (statSync(src).isDirectory()) linkTree(src, join(to, f));
    else linkSync(src, join(to, f));
  }
}

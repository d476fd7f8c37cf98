/**
 * The soak's final check: the acknowledged span ids (one per line in `<dataDir>/clickhouse-inserts/soak-acked.txt`)
 * against the spans stored, counted by ClickHouse (file() table function; ~30M ids for an hour). The check's own
 * collector runs without the embedded memory limit: the set of 30M ids takes ~1.5 GB, a harness cost, not the
 * product's (the first hour-long run's check was refused at the 1 GiB default).
 *
 *   node --import tsx bench/soak/check.ts --data-dir /tmp/argus-soak-XXXX   (after a run that stopped before its check)
 */
import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestCollector } from '../../collector/testing/index.js';

export const SOAK_SERVICE = 'soak';
export const ackedFileOf = (dataDir: string) => join(dataDir, 'clickhouse-inserts', 'soak-acked.txt');

export interface SoakCount {
  acked: number;
  ackedStored: number;
  lost: number;
  duplicateRows: number;
}

export async function storedVsAcked(dataDir: string): Promise<SoakCount> {
  const ackedFile = ackedFileOf(dataDir);
  // the scratch folder is emptied when the collector opens storage: the ids are moved aside before and back after
  const aside = `${dataDir}-acked.txt`;
  renameSync(ackedFile, aside);
  const check = await startTestCollector({ dataDir, embeddedMaxMemory: 0, jobs: 'off' });
  try {
    mkdirSync(join(dataDir, 'clickhouse-inserts'), { recursive: true });
    renameSync(aside, ackedFile);
    const q = <T>(sql: string) => check.deps.storage.query<T>(sql);
    const spans = `SELECT lower(hex(span_id)) AS id FROM spans WHERE service = '${SOAK_SERVICE}'`;
    const acked = `SELECT line AS id FROM file('${ackedFile}', 'LineAsString') WHERE line != ''`;
    const [a] = await q<{ n: string }>(`SELECT count() AS n FROM (${acked})`);
    const [stored] = await q<{ n: string }>(`SELECT count() AS n FROM (${acked}) WHERE id IN (${spans})`);
    const [dup] = await q<{ rows: string; ids: string }>(
      `SELECT count() AS rows, uniqExact(span_id) AS ids FROM spans WHERE service = '${SOAK_SERVICE}'`,
    );
    const ackedN = Number(a.n);
    return {
      acked: ackedN,
      ackedStored: Number(stored.n),
      lost: ackedN - Number(stored.n),
      duplicateRows: Number(dup.rows) - Number(dup.ids),
    };
  } finally {
    await check.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { 'data-dir': { type: 'string' } } });
  if (!values['data-dir']) throw new Error('--data-dir is required');
  console.log(JSON.stringify(await storedVsAcked(values['data-dir'])));
  process.exit(0);
}

/**
 * Issue 19: a write-ahead-log segment whose last record was cut short (the machine died in the middle of an append)
 * is found when the collector starts: the complete records before the tear are replayed into ClickHouse, the torn
 * rest (never acknowledged) is cut off and reported in the log.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { startCollector } from '../index.js';
import { startTestCollector } from '../../testing/index.js';
import { timeLimits } from './otlp/limits.js';
import { encodeRecord } from './wal/record.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-torn-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const logs = (i: number) =>
  Buffer.from(
    JSON.stringify({
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'torn' } }] },
          scopeLogs: [{ logRecords: [{ timeUnixNano: String(BigInt(Date.now()) * 1_000_000n), body: { stringValue: `record ${i}` } }] }],
        },
      ],
    }),
  );

it('replays the complete records of a segment with a torn tail and reports the tear', async () => {
  // a collector ran on this directory before (its tables and ingest key exist)
  const first = await startTestCollector({ dataDir });
  await first.stop();
  // ... and died while appending the fourth request of a segment
  const l = timeLimits(7);
  const meta = { s: 'logs', t: 'default', f: 'json', e: 'identity', l: [l.minSec, l.pointsMinSec, l.maxSec] };
  const segment = join(dataDir, 'wal', `${String(Date.now() * 1000).padStart(16, '0')}.wal`);
  mkdirSync(join(dataDir, 'wal'), { recursive: true });
  writeFileSync(segment, Buffer.concat([0, 1, 2].flatMap((i) => encodeRecord(meta, logs(i)))));
  appendFileSync(segment, Buffer.concat(encodeRecord(meta, logs(3))).subarray(0, 30));

  const lines: string[] = [];
  const second = await startCollector({
    config: { dataDir, ingestPort: 0, apiPort: 0, ingestHost: '127.0.0.1', apiHost: '127.0.0.1', batchFlushMs: 100 },
    log: pino({ level: 'warn' }, { write: (line: string) => lines.push(line) }),
  });
  try {
    const bodies = async () =>
      (await second.deps.storage.query<{ body: string }>(`SELECT body FROM logs WHERE service = 'torn' ORDER BY body`)).map((r) => r.body);
    let got = await bodies();
    for (let i = 0; i < 100 && got.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 100));
      got = await bodies();
    }
    expect(got).toEqual(['record 0', 'record 1', 'record 2']);
    expect(lines.join('')).toMatch(/torn or corrupt tail cut off/);
  } finally {
    await second.stop();
  }
});

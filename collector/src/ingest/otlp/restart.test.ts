import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestCollector } from '../../../testing/index.js';
import { testNanos } from '../../../testing/recent-time.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('keeps data and the ingest key across a restart on the same data directory', async () => {
  const first = await startTestCollector({ dataDir });
  const traceId = '11'.repeat(16);
  const res = await fetch(`${first.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.ingestKey}` },
    body: JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: '22'.repeat(8),
                  name: 'persisted',
                  startTimeUnixNano: testNanos(),
                  endTimeUnixNano: testNanos(500_000_000),
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const key = first.ingestKey;
  await first.stop();

  const second = await startTestCollector({ dataDir });
  try {
    expect(second.ingestKey).toBe(key);
    const got = await fetch(`${second.apiUrl}/api/v1/traces/${traceId}`);
    expect(got.status).toBe(200);
    const { spans } = (await got.json()) as { spans: { name: string; durationNs: number }[] };
    expect(spans).toMatchObject([{ name: 'persisted', durationNs: 500_000_000 }]);
  } finally {
    await second.stop();
  }
});

it('applies a changed retention to the existing tables on restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-retention-'));
  const ttlOf = async (c: Awaited<ReturnType<typeof startTestCollector>>, table: string) => {
    const [r] = await c.deps.storage.query<{ e: string }>(
      'SELECT engine_full AS e FROM system.tables WHERE database = currentDatabase() AND name = {t:String}',
      { t: table },
    );
    return /TTL (.*?)(?: SETTINGS|$)/.exec(r.e)?.[1];
  };
  try {
    const first = await startTestCollector({ dataDir: dir, retentionDays: 7, metricsRawRetentionHours: 48 });
    expect(await ttlOf(first, 'spans')).toContain('toIntervalDay(7)');
    await first.stop();
    const second = await startTestCollector({ dataDir: dir, retentionDays: 3, metricsRawRetentionHours: 36 });
    try {
      expect(await ttlOf(second, 'spans')).toContain('toIntervalDay(3)');
      expect(await ttlOf(second, 'logs')).toContain('toIntervalDay(3)');
      expect(await ttlOf(second, 'metric_points')).toContain('toIntervalHour(36)');
      expect(await ttlOf(second, 'metric_histograms')).toContain('toIntervalDay(3)');
      // a rollup whose TTL is fixed, not the configured retention, is left alone
      expect(await ttlOf(second, 'metric_rollup_1m')).toContain('toIntervalDay(30)');
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

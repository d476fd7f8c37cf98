import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startTestCollector } from '../../testing/index.js';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-restart-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('keeps data and the ingest key across a restart on the same data directory', async () => {
  const first = await startTestCollector({ dataDir });
  const traceId = '11'.repeat(16);
  const res = await fetch(`${first.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.ingestKey}` },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: '22'.repeat(8), name: 'persisted', startTimeUnixNano: '1795687200000000000', endTimeUnixNano: '1795687200500000000' }] }] }] }),
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

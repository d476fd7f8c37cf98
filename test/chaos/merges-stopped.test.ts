/**
 * ClickHouse trouble (issue 20): merges stop (`SYSTEM STOP MERGES`) and the spans table refuses inserts with
 * TOO_MANY_PARTS (its part limits lowered so a test reaches them in seconds). The collector keeps acknowledging into
 * its write-ahead log, retries the inserts, says so on /health (`degraded`, the table, the ClickHouse error) and on
 * /metrics (`argus_insert_failures_total`), answers 503 + Retry-After once the log is full, and when merges run again
 * stores every acknowledged span exactly once and reports healthy again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../collector/testing/index.js';
import { spanRequest } from '../../bench/chaos/collector-process.js';

process.env.ARGUS_WAL_MAX_BYTES = String(16 * 1024 * 1024); // the smallest bound allowed

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c?.destroy());

interface Health {
  status: string;
  storage: { ok: boolean; failingTables: string[]; lastInsertError: { message: string } | null };
}
const health = async () => (await (await fetch(`${c.ingestUrl}/health`)).json()) as Health;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('reports degraded storage, keeps what it acknowledged, and recovers when merges run again', async () => {
  expect((await health()).status).toBe('ok');
  const s = c.deps.storage;
  await s.command('SYSTEM STOP MERGES spans');
  await s.command('ALTER TABLE spans MODIFY SETTING parts_to_delay_insert = 3, parts_to_throw_insert = 4');

  const acked = new Set<string>();
  const statuses: Record<number, number> = {};
  let degraded: Health | undefined;
  let refused: Response | undefined;
  const t0 = Date.now();
  // one request at a time, each its own insert (its own part): the 5th part is refused
  for (let i = 0; Date.now() - t0 < 120_000 && !(degraded && refused); i++) {
    const { body, ids } = spanRequest('merges-stopped', 200);
    const r = await fetch(`${c.ingestUrl}/v1/traces`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c.ingestKey}`, 'content-type': 'application/x-protobuf' },
      body: new Uint8Array(body),
    });
    await r.arrayBuffer();
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status === 200) for (const id of ids) acked.add(id);
    else if (r.status === 503) {
      expect(r.headers.get('retry-after')).toBeTruthy();
      refused = r;
    } else throw new Error(`unexpected status ${r.status}`);
    const h = await health();
    if (h.status === 'degraded') degraded = h;
    if (!degraded) await sleep(150); // let each request be inserted on its own
  }
  expect(degraded, `health never said degraded (statuses ${JSON.stringify(statuses)})`).toBeDefined();
  expect(degraded!.storage.failingTables).toContain('spans');
  expect(degraded!.storage.lastInsertError?.message).toMatch(/TOO_MANY_PARTS|Too many parts/i);
  const metrics = await (await fetch(`${c.ingestUrl}/metrics`)).text();
  expect(metrics).toMatch(/argus_insert_failures_total\{kind="storage",table="spans"\} [1-9]/);
  expect(acked.size).toBeGreaterThan(0);

  await s.command('SYSTEM START MERGES spans');
  await s.command('ALTER TABLE spans RESET SETTING parts_to_delay_insert, parts_to_throw_insert');
  let rows: Array<{ id: string; n: string }> = [];
  for (let i = 0; i < 240; i++) {
    rows = await s.query<{ id: string; n: string }>(
      "SELECT lower(hex(span_id)) AS id, count() AS n FROM spans WHERE service = 'merges-stopped' GROUP BY id",
    );
    if (rows.length >= acked.size && (await health()).status === 'ok') break;
    await sleep(500);
  }
  const stored = new Map(rows.map((r) => [r.id, Number(r.n)]));
  expect([...acked].filter((id) => !stored.has(id))).toEqual([]); // nothing acknowledged lost
  expect([...stored.values()].filter((n) => n > 1)).toEqual([]); // nothing stored twice
  expect((await health()).status).toBe('ok');
  // and new requests are taken again
  const { body } = spanRequest('merges-stopped', 10);
  const again = await fetch(`${c.ingestUrl}/v1/traces`, {
    method: 'POST',
    headers: { authorization: `Bearer ${c.ingestKey}`, 'content-type': 'application/x-protobuf' },
    body: new Uint8Array(body),
  });
  expect(again.status).toBe(200);
}, 400_000);

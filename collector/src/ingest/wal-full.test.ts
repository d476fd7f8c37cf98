/**
 * Issue 19: the write-ahead log is bounded. While ClickHouse cannot take a table's rows (here: the `logs` table is
 * detached, so every insert into it fails and is retried), acknowledged requests pile up in the log; once it holds
 * ARGUS_WAL_MAX_BYTES, requests get 503 + Retry-After and nothing of them is kept. When the table is back, every
 * acknowledged request is stored, whole and once, and requests are taken again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../testing/index.js';

const MiB = 1024 * 1024;
process.env.ARGUS_WAL_MAX_BYTES = String(16 * MiB); // the smallest bound allowed

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector();
});
afterAll(() => c?.destroy());

/** request i: 500 log records of ~1 KiB each (~0.5 MiB), bodies "r<i>-<j> ..." */
const body = (i: number) =>
  JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'wal-full' } }] },
        scopeLogs: [
          {
            logRecords: Array.from({ length: 500 }, (_, j) => ({
              timeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
              body: { stringValue: `r${i}-${j} ${'x'.repeat(1000)}` },
            })),
          },
        ],
      },
    ],
  });

const post = (i: number) =>
  fetch(`${c.ingestUrl}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${c.ingestKey}` },
    body: body(i),
  });

it('answers 503 + Retry-After when the log is full, loses nothing acknowledged, and takes requests again once stored', async () => {
  const s = c.deps.storage;
  await s.command('DETACH TABLE logs');
  const acked: number[] = [];
  let full: Response | undefined;
  for (let i = 0; i < 80 && !full; i++) {
    const r = await post(i);
    if (r.status === 200) acked.push(i);
    else if (r.status === 503) full = r;
    else throw new Error(`unexpected ${r.status}: ${await r.text()}`);
  }
  expect(full, 'the log never filled').toBeDefined();
  expect(full!.headers.get('retry-after')).toBe('5');
  expect(((await full!.json()) as { message: string }).message).toMatch(/write-ahead log is full/);
  // ~16 MiB of ~0.5 MiB requests were taken before that
  expect(acked.length).toBeGreaterThanOrEqual(20);

  await s.command('ATTACH TABLE logs');
  const stored = async () =>
    new Map(
      (
        await s.query<{ r: string; n: string }>(
          `SELECT extract(body, '^r(\\\\d+)-') AS r, count() AS n FROM logs WHERE service = 'wal-full' GROUP BY r`,
        )
      ).map((x) => [Number(x.r), Number(x.n)]),
    );
  let got = await stored();
  for (let i = 0; i < 600 && [...got.values()].reduce((a, b) => a + b, 0) < acked.length * 500; i++) {
    await new Promise((r) => setTimeout(r, 100));
    got = await stored();
  }
  // every acknowledged request whole and once; the refused one not at all
  expect([...got.keys()].sort((a, b) => a - b)).toEqual(acked);
  for (const i of acked) expect(got.get(i), `request ${i}`).toBe(500);
  // the log drained: requests are taken again
  let again = 0;
  for (let i = 0; i < 100 && again !== 200; i++) {
    again = (await post(1000)).status;
    if (again !== 200) await new Promise((r) => setTimeout(r, 200));
  }
  expect(again).toBe(200);
}, 180_000);

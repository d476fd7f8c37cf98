/**
 * Issue 19's crash test: the collector (its own process, embedded storage) is killed with SIGKILL in the middle of a
 * sustained load of spans, metric points and log records, then started again on the same data directory. Every
 * item whose request was acknowledged must be stored exactly once (counted by id), replayed from the write-ahead log
 * where it had not reached ClickHouse; none may be stored twice (replays are deduplicated). Requests cut off by the
 * kill were not acknowledged: their items may be stored once (the log had them) or not at all, never twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createStorage } from '../storage/create-storage.js';

const root = new URL('../../../', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'argus-crash-'));
const KEY = 'ak_crash_test_key_0123456789';
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

async function startCollector(): Promise<{ child: ChildProcess; url: string }> {
  const [ingest, api] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'collector/src/main.ts')], {
    env: {
      ...process.env,
      ARGUS_DATA_DIR: dataDir,
      ARGUS_INGEST_PORT: String(ingest),
      ARGUS_API_PORT: String(api),
      ARGUS_INGEST_KEY: KEY,
      ARGUS_LOG_LEVEL: 'warn',
      ARGUS_BATCH_FLUSH_MS: '200',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${ingest}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { child, url };
    } catch {
      /* not up yet */
    }
    if (i > 1200) throw new Error('collector did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hex = (n: number, bytes: number) => n.toString(16).padStart(bytes * 2, '0');
const res = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });

/** Request i: 50 spans (ids from i), one gauge point per span, one log record per span, all unique. */
function bodies(i: number) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const ids = Array.from({ length: 50 }, (_, j) => i * 50 + j + 1);
  return {
    traces: {
      resourceSpans: [
        {
          resource: res('crash'),
          scopeSpans: [
            {
              spans: ids.map((id) => ({
                traceId: hex(id, 16),
                spanId: hex(id, 8),
                name: 'work',
                kind: 2,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
              })),
            },
          ],
        },
      ],
    },
    metrics: {
      resourceMetrics: [
        {
          resource: res('crash'),
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'crash.points',
                  gauge: {
                    dataPoints: ids.map((id) => ({
                      asInt: String(id),
                      timeUnixNano: String(now),
                      attributes: [{ key: 'id', value: { intValue: String(id) } }],
                    })),
                  },
                },
              ],
            },
          ],
        },
      ],
    },
    logs: {
      resourceLogs: [
        {
          resource: res('crash'),
          scopeLogs: [{ logRecords: ids.map((id) => ({ timeUnixNano: String(now), body: { stringValue: `log ${id}` } })) }],
        },
      ],
    },
  };
}

it('every acknowledged span, metric point and log record is stored exactly once after a SIGKILL and a restart', async () => {
  let { child, url } = await startCollector();
  const acked = { traces: new Set<number>(), metrics: new Set<number>(), logs: new Set<number>() };
  let next = 0;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      const i = next++;
      const b = bodies(i);
      for (const signal of ['traces', 'metrics', 'logs'] as const) {
        try {
          const r = await fetch(`${url}/v1/${signal}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
            body: JSON.stringify(b[signal]),
          });
          const text = await r.text();
          if (r.status === 200 && !text.includes('rejected')) acked[signal].add(i);
        } catch {
          // cut off by the kill: not acknowledged (and not retried, so nothing can be stored twice by the client)
        }
      }
    }
  };
  const load = Promise.all(Array.from({ length: 4 }, worker));
  // kill in the middle of the load: once a good number of requests are acknowledged (however busy the machine)
  for (let waited = 0; acked.traces.size < 20 && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  const exited = new Promise((r) => child.once('exit', r)); // before the kill: 'exit' may come before `load` settles
  child.kill('SIGKILL');
  killed = true;
  await load;
  await exited;
  expect(acked.traces.size).toBeGreaterThanOrEqual(20);

  ({ child, url } = await startCollector());
  // replayed and stored: then a clean stop, and the data directory is read here
  await new Promise((r) => setTimeout(r, 3000));
  const stopped = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await stopped;
  const storage = await createStorage(loadConfig({ dataDir }));
  try {
    const counts = async (sql: string) =>
      new Map((await storage.query<{ i: number; n: number }>(sql)).map((r) => [Number(r.i), Number(r.n)]));
    const spans = await counts(
      `SELECT intDiv(reinterpretAsUInt64(reverse(span_id)) - 1, 50) AS i, count() AS n FROM spans WHERE service = 'crash' GROUP BY i`,
    );
    const perSpan = await storage.query<{ n: number }>(
      `SELECT count() AS n FROM spans WHERE service = 'crash' GROUP BY span_id HAVING n > 1`,
    );
    const points = await counts(
      `SELECT intDiv(toUInt64(value) - 1, 50) AS i, count() AS n FROM metric_points WHERE metric = 'crash.points' GROUP BY i`,
    );
    const logs = await counts(
      `SELECT intDiv(toUInt64(substring(body, 5)) - 1, 50) AS i, count() AS n FROM logs WHERE service = 'crash' GROUP BY i`,
    );
    expect(perSpan).toEqual([]);
    for (const [signal, stored] of [
      ['traces', spans],
      ['metrics', points],
      ['logs', logs],
    ] as const) {
      for (const i of acked[signal]) expect(stored.get(i), `${signal} request ${i}`).toBe(50);
      for (const [i, n] of stored) expect(n, `${signal} request ${i} (acknowledged: ${acked[signal].has(i)})`).toBe(50);
    }
  } finally {
    await storage.close();
  }
}, 300_000);

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTestCollector, type TestCollector } from '@argus/collector/testing';
import { createWorld, eventually, getJson, SpanKind } from '../../testing/otel-world.js';

process.env.ARGUS_ANALYTICS_GRACE_MS = '1000';
process.env.ARGUS_ANALYTICS_TICK_MS = '200';

const dataDir = mkdtempSync(join(tmpdir(), 'argus-analytics-restart-'));
const running: TestCollector[] = [];
const base = Date.now() - 10 * 60_000;

afterAll(async () => {
  for (const c of running) await c.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Edge = { source: string; target: string; calls: number };
const edges = async (col: TestCollector) =>
  (await getJson<{ edges: Edge[] }>(`${col.apiUrl}/api/v1/dependency-map?from=${base - 60_000}&to=${Date.now()}`)).edges
    .map((e) => `${e.source}>${e.target}=${e.calls}`)
    .sort();

describe('the call resolver across a collector restart', () => {
  it('resumes from its watermarks without double counting, and still retracts after the restart', async () => {
    const first = await startTestCollector({ dataDir, batchFlushMs: 20 });
    running.push(first);
    const world = createWorld(first.ingestUrl, first.ingestKey);
    const web = world.service('web');
    const api = world.service('api');
    const late: ReadableSpan[] = [];
    const now: ReadableSpan[] = [];
    for (let i = 0; i < 20; i++) {
      const c = web.span({
        name: 'GET',
        kind: SpanKind.CLIENT,
        startMs: base + i * 1000,
        durationMs: 10,
        attributes: { 'http.request.method': 'GET', 'server.address': 'api.svc' },
      });
      const s = api.span({
        name: 'GET /x',
        kind: SpanKind.SERVER,
        parent: c,
        startMs: base + i * 1000 + 1,
        durationMs: 8,
        attributes: { 'http.request.method': 'GET', 'http.route': '/x' },
      });
      now.push(c);
      (i < 10 ? now : late).push(s);
    }
    await world.send(now);
    await eventually(async () => (await edges(first)).join() === 'web>api.svc=10,web>api=10');
    expect(await edges(first)).toEqual(['web>api.svc=10', 'web>api=10']);
    running.pop();
    await first.stop();

    const second = await startTestCollector({ dataDir, batchFlushMs: 20 });
    running.push(second);
    await new Promise((r) => setTimeout(r, 2000)); // the restarted resolver re-reads its overlap and grace windows
    expect(await edges(second)).toEqual(['web>api.svc=10', 'web>api=10']);
    const world2 = createWorld(second.ingestUrl, second.ingestKey);
    await world2.send(late);
    await eventually(async () => (await edges(second)).join() === 'web>api=20');
    expect(await edges(second)).toEqual(['web>api=20']);
    const [r] = await second.deps.storage.query<{ plus: number; minus: number }>(
      `SELECT countIf(sign > 0) AS plus, countIf(sign < 0) AS minus FROM calls`,
    );
    // `calls` keeps only provisional rows (those a later span can take back): the 10 inferred calls to api.svc,
    // each retracted once after the restart; resolved calls go to the edge KPIs only (the map checked above)
    expect([Number(r.plus), Number(r.minus)]).toEqual([10, 10]);
    await world.close();
    await world2.close();
  });
});

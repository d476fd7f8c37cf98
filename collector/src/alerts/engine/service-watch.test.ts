import { describe, expect, it } from 'vitest';
import type { Kpis } from '../signals/read-side.js';
import type { EngineContext } from './context.js';
import type { IssueSpec } from './issues.js';
import { createServiceWatch, FORGET_SILENT_MS } from './service-watch.js';

const SETTLED_FROM_S = 13;

function kpis(callsPerSecond: number, p50Ms = 20): Kpis {
  const calls = callsPerSecond * 10;
  return { calls, callsPerSecond, errors: 0, errorRate: 0, clientErrors: 0, meanMs: p50Ms, p50Ms, p90Ms: p50Ms, p99Ms: p50Ms };
}

function world() {
  const raised: IssueSpec[] = [];
  const resolved: string[] = [];
  const ctx = {
    tenant: 't',
    config: { builtinIncidents: 'entry' },
    entry: new Set(['frontend']),
    baselines: new Map(),
    issues: {
      raise: (spec: IssueSpec) => Promise.resolve(void raised.push(spec)),
      resolve: (id: string) => Promise.resolve(void resolved.push(id)),
    },
  } as unknown as EngineContext;
  const watch = createServiceWatch(ctx, (now) => now - SETTLED_FROM_S * 1000);
  let now = 1_000_000_000;
  /** one evaluation per second: `calls` per service now and in the settled window (absent: no calls) */
  const tick = async (current: Record<string, number>, settled: Record<string, number> = current) => {
    now += 1000;
    const m = (r: Record<string, number>) => new Map(Object.entries(r).map(([s, c]) => [s, kpis(c)]));
    await watch.tick(m(current), m(settled), now);
  };
  return { raised, resolved, watch, tick, now: () => now };
}

describe('built-in sudden changes per service', () => {
  it('a service that stops answering altogether is a sudden drop in calls, and the drop resolves when calls come back', async () => {
    const w = world();
    for (let i = 0; i < 90; i++) await w.tick({ frontend: 10 });
    expect(w.raised).toEqual([]);
    // no KPIs at all now: it is not in the 10-s windows any more
    for (let i = 0; i < 10; i++) await w.tick({});
    const drop = w.raised.find((r) => r.kind === 'sudden-drop');
    expect(drop, JSON.stringify(w.raised)).toMatchObject({ service: 'frontend', trigger: true, nodeId: 'service:frontend' });
    expect(drop!.text).toMatch(/0\.0 calls\/s, usually 10\.0/);
    // still an entry service after minutes of silence
    expect(w.watch.seenSince(w.now() - 5 * 60_000)).toEqual(['frontend']);
    for (let i = 0; i < 60; i++) await w.tick({ frontend: 10 });
    expect(w.resolved).toContain(drop!.id);
  });

  it('a service first seen after the settled window began is not judged on it (no false drop at start)', async () => {
    const w = world();
    // seen now, absent from the window ending 3 s ago (it only just started)
    for (let i = 0; i < 12; i++) await w.tick({ frontend: 10 }, {});
    for (let i = 0; i < 80; i++) await w.tick({ frontend: 10 });
    expect(w.raised).toEqual([]);
  });

  it('a service silent for longer than the watch keeps it is forgotten and its issue resolved', async () => {
    const w = world();
    for (let i = 0; i < 90; i++) await w.tick({ frontend: 10 });
    for (let i = 0; i < 10; i++) await w.tick({});
    const drop = w.raised.find((r) => r.kind === 'sudden-drop')!;
    expect(w.resolved).toEqual([]);
    for (let i = 0; i < FORGET_SILENT_MS / 1000; i++) await w.tick({});
    expect(w.resolved).toEqual([drop.id]);
    expect(w.watch.seenSince(0)).toEqual([]);
  });
});

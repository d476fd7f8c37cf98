import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { processEntityId, type AnySensor, type ProcessInfo } from '@argus/sensor-kit';
import type { RunningAgent } from './agent.js';
import { startListener, type Listener } from '../testing/listener.js';
import { startRecorder, waitFor, type Recorder } from '../testing/recorder.js';
import { startTestAgent } from '../testing/test-agent.js';

const hostSensor = (
  name: string,
  collect: AnySensor['create'] extends never ? never : (signal: AbortSignal) => Promise<any>,
): AnySensor => ({
  name,
  version: '1.0.0',
  scope: 'host',
  configSchema: z.object({}),
  detect: (p) => (p === null ? 'h' : null),
  targetKey: () => 'h',
  create: () => ({ collect, stop() {} }),
});

describe('agent: sensors loaded per process, isolated, exported every second', () => {
  let rec: Recorder;
  let agent: RunningAgent;
  let listener: Listener;
  let dataDir: string;
  const life = { created: 0, stopped: 0 };
  let hangCalls = 0;

  beforeAll(async () => {
    rec = await startRecorder();
    dataDir = mkdtempSync(join(tmpdir(), 'argus-agent-'));
    listener = await startListener();
    const marker = listener.marker;
    const matcher: AnySensor = {
      name: 'test-matcher',
      version: '1.0.0',
      scope: 'process',
      configSchema: z.object({ factor: z.number().default(2) }),
      detect: (p: ProcessInfo | null) => (p?.cmdline.includes(marker) ? { pid: p.pid } : null),
      targetKey: (t: { pid: number }) => `pid:${t.pid}`,
      create: (t: { pid: number }, ctx) => {
        life.created++;
        return {
          collect: () =>
            Promise.resolve({ metrics: [{ name: 'test.matcher.value', value: t.pid * (ctx.config as { factor: number }).factor }] }),
          stop: () => {
            life.stopped++;
          },
        };
      },
    };
    const sensors = [
      hostSensor('test-hang', () => {
        hangCalls++;
        return new Promise(() => {});
      }),
      hostSensor('test-throw', () => Promise.reject(new Error('boom'))),
      hostSensor('test-steady', () =>
        Promise.resolve({
          metrics: [
            { name: 'test.steady', value: 1 },
            { name: 'test.count', value: 5, kind: 'counter' },
          ],
        }),
      ),
      matcher,
    ];
    agent = await startTestAgent({
      endpoint: rec.url,
      key: 'k1',
      dataDir,
      sensors,
      file: { intervals: { discoveryMs: 500, collectTimeoutMs: 400, heartbeatMs: 1000 }, export: { minBackoffMs: 100, maxBackoffMs: 500 } },
    });
  });
  afterAll(async () => {
    await agent?.stop();
    await listener?.kill();
    await rec?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the matching sensor for the test process with the process resource', async () => {
    await waitFor(() => agent.supervisor.slots().some((s) => s.spec.sensor.name === 'test-matcher'), 5000, 'test-matcher loaded');
    const p = await waitFor(() => rec.points.find((x) => x.metric === 'test.matcher.value'), 5000, 'a matcher point');
    expect(p.value).toBe(listener.pid * 2);
    expect(p.resource['process.pid']).toBe(String(listener.pid));
    expect(p.resource['argus.entity.type']).toBe('test-matcher');
    expect(p.resource['host.id']).toBe(agent.identity.hostId);
    expect(rec.requests.find((r) => r.path === '/v1/metrics')?.headers.authorization).toBe('Bearer k1');
  });

  it('keeps sampling a healthy sensor every second while others hang or throw', async () => {
    await waitFor(() => rec.points.filter((x) => x.metric === 'test.steady').length >= 5, 10_000, '5 steady points');
    const times = rec.points
      .filter((x) => x.metric === 'test.steady')
      .map((x) => x.time)
      .sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(1000);
    expect(times.every((t) => t % 1000 === 0)).toBe(true);
    expect(hangCalls).toBeGreaterThanOrEqual(1); // the hung collect never settled, yet ticks went on
    const events = rec.entities.flatMap((b) => b.events);
    expect(events.some((e) => e.code === 'SENSOR_TIMEOUT')).toBe(true);
    expect(events.some((e) => e.code === 'SENSOR_FAILED' && /boom/.test(e.message))).toBe(true);
    const failing = rec.points.filter((x) => x.metric === 'agent.sensors.failing').map((x) => x.value);
    expect(Math.max(...failing)).toBeGreaterThanOrEqual(2);
    const counter = rec.points.find((x) => x.metric === 'test.count')!;
    expect(counter.kind).toBe('sum');
    expect(counter.start).toBeLessThan(counter.time);
  });

  it('reports the agent entity and host entity with self metrics', () => {
    const snaps = rec.entities.flatMap((b) => b.snapshots);
    expect(snaps.some((s) => s.type === 'agent' && s.parentId === agent.identity.hostEntityId)).toBe(true);
    expect(snaps.some((s) => s.id === agent.identity.hostEntityId && s.type === 'host')).toBe(true);
    const names = new Set(rec.points.filter((x) => x.resource['argus.entity.type'] === 'agent').map((x) => x.metric));
    for (const m of [
      'agent.cpu.percent',
      'agent.memory.rss',
      'agent.spool.bytes',
      'agent.spool.dropped.records',
      'agent.sensors.loaded',
      'agent.export.points.sent',
    ]) {
      expect(names).toContain(m);
    }
  });

  it('unloads the sensor and reports its entities gone after the process exits', async () => {
    const pid = listener.pid;
    const proc = agent.supervisor.slots().find((s) => s.spec.sensor.name === 'test-matcher')!.spec.process!;
    await listener.kill();
    await waitFor(() => !agent.supervisor.slots().some((s) => s.spec.sensor.name === 'test-matcher'), 5000, 'unload');
    expect(life).toEqual({ created: 1, stopped: 1 });
    const goneIds = await waitFor(
      () => {
        const ids = rec.entities.flatMap((b) => b.gone);
        return ids.length ? ids : undefined;
      },
      5000,
      'gone entities',
    );
    expect(goneIds).toContain(processEntityId(agent.identity.hostId, proc));
    expect(goneIds.some((id: string) => id.startsWith('test-matcher:') && id.endsWith(`:${pid}`))).toBe(true);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { CollectResult, MetricPoint } from '@argus/sensor-kit';
import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import { processConfigSchema, sensor, type ProcessConfig, type ProcessSensorContext } from './index.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
const start = (cmd: string, args: string[]) => {
  const c = spawn(cmd, args, { stdio: 'ignore' });
  children.push(c);
  return c;
};
const ctx = (config: Partial<ProcessConfig>, matched: number[] = []): ProcessSensorContext => ({
  config: processConfigSchema.parse(config),
  log: pino({ level: 'silent' }),
  resource: {},
  hostEntityId: 'host:test',
  procRoot: '/proc',
  emit: () => {},
  matchedPids: () => matched,
});
const of = (r: CollectResult, pid: number, name: string) =>
  r.metrics.filter((m: MetricPoint) => m.name === name && m.attributes?.['process.pid'] === pid);
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('process sensor on this machine', () => {
  it('reports matched pids with CPU, memory, threads, fds and entity attributes; stays within topN', async () => {
    const busy = start(process.execPath, ['-e', 'for(;;){}']);
    await tick(300);
    const inst = await sensor.create('processes', ctx({ topN: 3, include: '^$' }, [busy.pid!]));
    await inst.collect(AbortSignal.timeout(5000));
    await tick(600);
    const r = await inst.collect(AbortSignal.timeout(5000));
    const util = of(r, busy.pid!, 'process.cpu.utilization');
    expect(util).toHaveLength(1);
    expect(util[0].value).toBeGreaterThan(0);
    expect(
      of(r, busy.pid!, 'process.cpu.time')
        .map((m) => m.attributes?.state)
        .sort(),
    ).toEqual(['system', 'user']);
    expect(of(r, busy.pid!, 'process.memory.usage')[0].value).toBeGreaterThan(10 * 1024 * 1024);
    expect(of(r, busy.pid!, 'process.thread.count')[0].value).toBeGreaterThanOrEqual(1);
    expect(of(r, busy.pid!, 'process.open_file_descriptor.count')[0].value).toBeGreaterThanOrEqual(3);
    expect(of(r, busy.pid!, 'process.disk.io')).toHaveLength(2);
    expect(String(util[0].attributes?.['argus.entity.id'])).toMatch(new RegExp(`^process:test:${busy.pid!}:\\d+$`));
    // the supervisor publishes snapshots of technology-matched processes, so none here
    expect(r.snapshots?.some((s) => s.attributes['process.pid'] === busy.pid)).toBe(false);
    const pids = new Set(r.metrics.map((m) => m.attributes?.['process.pid']));
    expect(pids.size).toBeLessThanOrEqual(3 + 3 + 1);
    expect(r.snapshots?.length).toBeGreaterThan(0);
    expect(r.snapshots?.[0]).toMatchObject({ type: 'process', parentId: 'host:test' });
  });

  it('detects a restart: same command, new pid', async () => {
    // a unique duration (sleep accepts fractions) makes the command unique to this test
    const tag = `3600.${randomBytes(3).readUIntBE(0, 3)}`;
    const args = [tag];
    const first = start('sleep', args);
    await tick(100);
    const inst = await sensor.create('processes', ctx({ topN: 0, include: '^sleep$', maxIncluded: 1000 }));
    const r1 = await inst.collect(AbortSignal.timeout(5000));
    const snap = r1.snapshots?.find((s) => s.attributes['process.pid'] === first.pid);
    expect(snap?.attributes['process.command_line']).toBe(`sleep ${tag}`);
    expect(of(r1, first.pid!, 'process.restarts')[0].value).toBe(0);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await inst.collect(AbortSignal.timeout(5000));
    const second = start('sleep', args);
    await tick(100);
    const r3 = await inst.collect(AbortSignal.timeout(5000));
    expect(r3.events?.find((e) => e.code === 'PROCESS_RESTARTED')?.entityId).toMatch(new RegExp(`^process:test:${second.pid!}:`));
    expect(of(r3, second.pid!, 'process.restarts')[0].value).toBe(1);
    expect(of(r3, first.pid!, 'process.restarts')).toHaveLength(0);
  });
});

describeSensorConformance(sensor, {});

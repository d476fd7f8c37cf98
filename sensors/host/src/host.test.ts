import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { MetricPoint, SensorContext } from '@argus/sensor-kit';
import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import { sensor, hostConfigSchema, type HostConfig } from './index.js';

const ctx = (procRoot: string, config: Partial<HostConfig> = {}): SensorContext<HostConfig> => ({
  config: hostConfigSchema.parse(config),
  log: pino({ level: 'silent' }),
  resource: { 'host.id': 'm1', 'host.name': 'test-host', 'argus.entity.id': 'host:m1' },
  hostEntityId: 'host:m1',
  procRoot,
  emit: () => {},
});
const find = (ms: MetricPoint[], name: string, attrs: Record<string, string> = {}) =>
  ms.filter((m) => m.name === name && Object.entries(attrs).every(([k, v]) => m.attributes?.[k] === v));

describe('host sensor on this machine', () => {
  it('reports CPU, memory, load, filesystems, network and a host snapshot from the real /proc', async () => {
    const inst = await sensor.create('host', ctx('/proc'));
    const first = await inst.collect(new AbortController().signal);
    // burn a little CPU so the second sample has a non-zero delta
    const until = Date.now() + 60;
    while (Date.now() < until);
    await new Promise((r) => setTimeout(r, 50));
    const second = await inst.collect(new AbortController().signal);
    const ms = second.metrics;
    expect(find(first.metrics, 'system.cpu.utilization')).toHaveLength(0);
    const total = find(ms, 'system.cpu.time', { cpu: 'total', state: 'user' })[0];
    expect(total.kind).toBe('counter');
    expect(total.value).toBeGreaterThan(0);
    const util = find(ms, 'system.cpu.utilization');
    expect(util.length).toBeGreaterThan(0);
    const sum = util.filter((u) => u.attributes?.state !== 'busy').reduce((a, u) => a + u.value, 0);
    expect(sum).toBeCloseTo(1, 5);
    expect(find(ms, 'system.memory.limit')[0].value).toBeGreaterThan(100 * 1024 * 1024);
    expect(find(ms, 'system.memory.usage', { state: 'used' })[0].value).toBeGreaterThan(0);
    expect(find(ms, 'system.cpu.load_average.1m')).toHaveLength(1);
    expect(find(ms, 'system.uptime')[0].value).toBeGreaterThan(0);
    expect(find(ms, 'system.file_handles.usage')[0].value).toBeGreaterThan(0);
    const root = find(ms, 'system.filesystem.usage', { mountpoint: '/', state: 'used' });
    expect(root).toHaveLength(1);
    expect(find(ms, 'system.filesystem.usage').some((m) => m.attributes?.type === 'proc' || m.attributes?.type === 'tmpfs')).toBe(false);
    expect(find(ms, 'system.network.io', { device: 'lo', direction: 'receive' })).toHaveLength(1);
    expect(find(ms, 'system.disk.io').some((m) => /^(loop|ram)/.test(String(m.attributes?.device)))).toBe(false);
    const snap = second.snapshots?.[0];
    expect(snap).toMatchObject({ id: 'host:m1', type: 'host', name: 'test-host' });
    expect(snap?.attributes['host.kernel']).toMatch(/^\d+\.\d+/);
    expect(snap?.attributes['host.cpu.count']).toBeGreaterThan(0);
    expect(snap?.attributes['host.id']).toBe('m1');
    await inst.stop();
  });
});

describe('host sensor on a fixture tree', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('derives utilization from two /proc/stat samples and honours perCpu=false', async () => {
    dir = await mkdtemp(join(tmpdir(), 'argus-host-'));
    await mkdir(join(dir, 'sys/kernel'), { recursive: true });
    await writeFile(join(dir, 'sys/kernel/osrelease'), '6.1.0-test\n');
    await writeFile(join(dir, 'stat'), 'cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 100 0 100 800 0 0 0 0 0 0\nctxt 10\n');
    const inst = await sensor.create('host', ctx(dir, { perCpu: false }));
    await inst.collect(new AbortController().signal);
    await writeFile(join(dir, 'stat'), 'cpu  150 0 110 830 10 0 0 0 0 0\ncpu0 150 0 110 830 10 0 0 0 0 0\nctxt 25\n');
    const { metrics, snapshots } = await inst.collect(new AbortController().signal);
    expect(find(metrics, 'system.cpu.utilization', { state: 'user' })[0].value).toBeCloseTo(0.5);
    expect(find(metrics, 'system.cpu.utilization', { state: 'busy' })[0].value).toBeCloseTo(0.6);
    expect(find(metrics, 'system.cpu.time', { cpu: '0' })).toHaveLength(0);
    expect(find(metrics, 'system.cpu.time', { cpu: 'total', state: 'user' })[0].value).toBe(1.5);
    expect(find(metrics, 'system.context_switches')[0]).toMatchObject({ kind: 'counter', value: 25 });
    expect(find(metrics, 'system.memory.usage')).toHaveLength(0);
    expect(snapshots?.[0].attributes['host.kernel']).toBe('6.1.0-test');
  });

  it('rejects a bad config with a clear message', () => {
    const r = hostConfigSchema.safeParse({ excludeDisks: '([' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('excludeDisks must be a valid regular expression');
  });
});

describeSensorConformance(sensor, {});

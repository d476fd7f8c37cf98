import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricPoint, SensorContext } from '@argus/sensor-kit';
import { describeSensorConformance } from '@argus/sensor-kit/conformance';
import { containerConfigSchema, sensor, type ContainerConfig } from './index.js';
import {
  V1_CPUACCT_STAT,
  V1_CPU_STAT,
  V1_MEMORY_STAT,
  V2_CPU_STAT,
  V2_MEMORY_EVENTS,
  V2_MEMORY_STAT,
  writeTree,
} from '../testing/fixtures.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const POD = 'kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c4b5a0e_1f2d_4c3b_9a8e_6d5c4b3a2f1e.slice';

const ctx = (sysRoot: string): SensorContext<ContainerConfig> => ({
  config: containerConfigSchema.parse({
    sysRoot,
    dockerRoot: join(dir, 'docker'),
    containerdTaskRoot: join(dir, 'containerd'),
    crioRoot: join(dir, 'crio'),
  }),
  log: pino({ level: 'silent' }),
  resource: { 'host.id': 'h1', 'argus.entity.id': 'host:h1' },
  hostEntityId: 'host:h1',
  procRoot: '/proc',
  emit: () => {},
});
const pick = (ms: MetricPoint[], name: string, id: string) =>
  ms.find((m) => m.name === name && m.attributes?.['container.id'] === id)?.value;

const dir = mkdtempSync(join(tmpdir(), 'argus-cgroup-'));
const v2 = () => join(dir, 'v2');
const v1 = () => join(dir, 'v1');

beforeAll(async () => {
  await writeTree(v2(), {
    'cgroup.controllers': 'cpuset cpu io memory hugetlb pids rdma misc\n',
    'system.slice/ssh.service/cpu.stat': V2_CPU_STAT,
    [`${POD}/cri-containerd-${A}.scope/cpu.stat`]: V2_CPU_STAT,
    [`${POD}/cri-containerd-${A}.scope/cpu.max`]: '50000 100000\n',
    [`${POD}/cri-containerd-${A}.scope/memory.current`]: '31457280\n',
    [`${POD}/cri-containerd-${A}.scope/memory.max`]: '268435456\n',
    [`${POD}/cri-containerd-${A}.scope/memory.stat`]: V2_MEMORY_STAT,
    [`${POD}/cri-containerd-${A}.scope/memory.events`]: V2_MEMORY_EVENTS,
    [`${POD}/cri-containerd-${A}.scope/pids.current`]: '7\n',
    [`system.slice/docker-${B}.scope/cpu.stat`]: 'usage_usec 1000000\nuser_usec 600000\nsystem_usec 400000\n',
    [`system.slice/docker-${B}.scope/cpu.max`]: 'max 100000\n',
    [`system.slice/docker-${B}.scope/memory.current`]: '1048576\n',
    [`system.slice/docker-${B}.scope/memory.max`]: 'max\n',
  });
  await writeTree(dir, {
    [`docker/containers/${B}/config.v2.json`]: JSON.stringify({
      ID: B,
      Name: '/web',
      Config: { Image: 'nginx:1.25', Labels: {} },
      State: { Running: true },
    }),
    [`containerd/k8s.io/${A}/config.json`]: JSON.stringify({
      ociVersion: '1.1.0',
      annotations: {
        'io.kubernetes.cri.container-type': 'container',
        'io.kubernetes.cri.container-name': 'cart',
        'io.kubernetes.cri.sandbox-name': 'cart-7d9f8c6b5-x2x9q',
        'io.kubernetes.cri.sandbox-namespace': 'shop',
        'io.kubernetes.cri.image-name': 'registry.example.com/cart:2.1',
      },
    }),
  });
  await writeTree(v1(), {
    'memory/memory.usage_in_bytes': '999999999\n',
    [`memory/docker/${A}/memory.usage_in_bytes`]: '25165824\n',
    [`memory/docker/${A}/memory.limit_in_bytes`]: '536870912\n',
    [`memory/docker/${A}/memory.stat`]: V1_MEMORY_STAT,
    [`memory/docker/${A}/memory.oom_control`]: 'oom_kill_disable 0\nunder_oom 0\noom_kill 1\n',
    [`memory/docker/${A}/memory.failcnt`]: '4\n',
    'cpu,cpuacct/cpu.stat': V1_CPU_STAT,
    'cpu,cpuacct/cpuacct.usage': '1\n',
    [`cpu,cpuacct/docker/${A}/cpuacct.usage`]: '4000000000\n',
    [`cpu,cpuacct/docker/${A}/cpuacct.stat`]: V1_CPUACCT_STAT,
    [`cpu,cpuacct/docker/${A}/cpu.stat`]: V1_CPU_STAT,
    [`cpu,cpuacct/docker/${A}/cpu.cfs_quota_us`]: '200000\n',
    [`cpu,cpuacct/docker/${A}/cpu.cfs_period_us`]: '100000\n',
    [`memory/docker/${B}/memory.usage_in_bytes`]: '4096\n',
    [`memory/docker/${B}/memory.limit_in_bytes`]: '9223372036854771712\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('container sensor on fixture trees', () => {
  it('cgroup v2 (systemd driver, containerd pod and docker)', async () => {
    const inst = await sensor.create('containers', ctx(v2()));
    const { metrics, snapshots } = await inst.collect(new AbortController().signal);
    expect(snapshots?.map((s) => s.id).sort()).toEqual([`container:${A}`, `container:${B}`]);
    const a = snapshots!.find((s) => s.id === `container:${A}`)!;
    expect(a).toMatchObject({ type: 'container', parentId: 'host:h1', name: 'shop/cart-7d9f8c6b5-x2x9q/cart' });
    expect(a.attributes).toMatchObject({
      'k8s.namespace.name': 'shop',
      'k8s.container.name': 'cart',
      'container.image.name': 'registry.example.com/cart:2.1',
    });
    expect(snapshots!.find((s) => s.id === `container:${B}`)).toMatchObject({
      name: 'web',
      attributes: { 'container.image.name': 'nginx:1.25' },
    });
    expect(a.attributes).toMatchObject({
      'container.runtime': 'containerd',
      'k8s.pod.uid': '7c4b5a0e-1f2d-4c3b-9a8e-6d5c4b3a2f1e',
      'cgroup.version': 2,
    });
    expect(pick(metrics, 'container.cpu.time', A)).toBeCloseTo(8.310257);
    expect(pick(metrics, 'container.cpu.throttling_data.throttled_periods', A)).toBe(35);
    expect(pick(metrics, 'container.cpu.throttling_data.throttled_time', A)).toBeCloseTo(0.912345);
    expect(pick(metrics, 'container.cpu.limit', A)).toBe(0.5);
    expect(pick(metrics, 'container.memory.usage', A)).toBe(31457280);
    expect(pick(metrics, 'container.memory.working_set', A)).toBe(31457280 - 4000000);
    expect(pick(metrics, 'container.memory.limit', A)).toBe(268435456);
    expect(pick(metrics, 'container.memory.oom_kills', A)).toBe(2);
    expect(pick(metrics, 'container.pids.count', A)).toBe(7);
    expect(metrics.find((m) => m.name === 'container.cpu.time')?.kind).toBe('counter');
    expect(metrics.find((m) => m.attributes?.['container.id'] === A)?.attributes?.['argus.entity.id']).toBe(`container:${A}`);
    // unlimited docker container: no limit metric, no utilization
    expect(pick(metrics, 'container.memory.limit', B)).toBeUndefined();
    expect(pick(metrics, 'container.cpu.limit', B)).toBeUndefined();
    expect(pick(metrics, 'container.memory.usage', B)).toBe(1048576);
  });

  it('cgroup v1 (cgroupfs driver, co-mounted cpu,cpuacct)', async () => {
    const inst = await sensor.create('containers', ctx(v1()));
    const { metrics, snapshots } = await inst.collect(new AbortController().signal);
    expect(snapshots?.map((s) => s.id).sort()).toEqual([`container:${A}`, `container:${B}`]);
    expect(snapshots!.find((s) => s.id === `container:${A}`)).toMatchObject({
      name: A.slice(0, 12),
      attributes: { 'container.runtime': 'docker', 'cgroup.version': 1 },
    });
    expect(pick(metrics, 'container.cpu.time', A)).toBe(4);
    expect(metrics.find((m) => m.name === 'container.cpu.time.by_mode' && m.attributes?.state === 'user')?.value).toBe(3.12);
    expect(pick(metrics, 'container.cpu.throttling_data.throttled_time', A)).toBe(2.5);
    expect(pick(metrics, 'container.cpu.limit', A)).toBe(2);
    expect(pick(metrics, 'container.memory.usage', A)).toBe(25165824);
    expect(pick(metrics, 'container.memory.working_set', A)).toBe(25165824 - 2097152);
    expect(pick(metrics, 'container.memory.limit', A)).toBe(536870912);
    expect(pick(metrics, 'container.memory.oom_kills', A)).toBe(1);
    expect(pick(metrics, 'container.memory.limit_hits', A)).toBe(4);
    expect(pick(metrics, 'container.memory.limit', B)).toBeUndefined();
  });

  it('reports nothing (and does not fail) without cgroups', async () => {
    const inst = await sensor.create('containers', ctx(join(dir, 'missing')));
    expect(await inst.collect(new AbortController().signal)).toEqual({ metrics: [], snapshots: [] });
  });
});

describeSensorConformance(sensor, { config: { sysRoot: v2() }, collectTimeoutMs: 5000 });

/**
 * The container sensor against this machine's real cgroup filesystem: the test creates docker-style cgroups,
 * runs real processes in them (one busy, one that exceeds its memory limit and is OOM-killed by the kernel)
 * and checks what the sensor reads. Skipped where cgroups cannot be created (not root, read-only cgroupfs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { MetricPoint } from '@argus/sensor-kit';
import { containerConfigSchema, sensor } from './index.js';
import { detectLayout } from './layout.js';

const SYS = '/sys/fs/cgroup';
const layout = await detectLayout(SYS);
const v1 = layout?.version === 1 ? layout : undefined;
const hierarchies = v1 ? [v1.memory, v1.cpu, v1.cpuacct].filter((h): h is string => !!h) : [];
const parent = `argus-test-${process.pid}`;

function tryCreate(id: string): boolean {
  try {
    for (const h of hierarchies) mkdirSync(join(h, parent, 'docker', id), { recursive: true });
    return true;
  } catch {
    return false;
  }
}
const probe = randomBytes(32).toString('hex');
const canCreate = v1?.memory !== undefined && tryCreate(probe);
const created = canCreate ? [probe] : [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  for (const h of hierarchies) {
    for (const id of created) if (existsSync(join(h, parent, 'docker', id))) rmdirSync(join(h, parent, 'docker', id));
    for (const d of ['docker', '']) if (existsSync(join(h, parent, d))) rmdirSync(join(h, parent, d));
  }
});

/** Starts `node -e code` inside the container cgroup (the shell joins every hierarchy before exec). */
function runIn(id: string, code: string): ChildProcess {
  const joins = hierarchies.map((h) => `echo $$ > ${join(h, parent, 'docker', id, 'cgroup.procs')}`).join(' && ');
  const child = spawn('sh', ['-c', `${joins} && exec "${process.execPath}" -e '${code}'`], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(child);
  return child;
}

const collectOnce = async () => {
  const inst = await sensor.create('containers', {
    config: containerConfigSchema.parse({ sysRoot: SYS }),
    log: pino({ level: 'silent' }),
    resource: {},
    hostEntityId: 'host:real',
    procRoot: '/proc',
    emit: () => {},
  });
  return inst.collect(new AbortController().signal);
};
const val = (ms: MetricPoint[], name: string, id: string) =>
  ms.find((m) => m.name === name && m.attributes?.['container.id'] === id)?.value;

describe.skipIf(!canCreate)('container sensor on the real /sys/fs/cgroup (v1)', () => {
  it('reads CPU, memory and limit of a busy process in a docker cgroup', async () => {
    const id = probe;
    writeFileSync(join(v1!.memory!, parent, 'docker', id, 'memory.limit_in_bytes'), String(512 * 1024 * 1024));
    // burns 400 ms of CPU time (not wall time: the machine may be busy), then reports ready
    const child = runIn(
      id,
      'const b=Buffer.alloc(64*1024*1024,1);while(process.cpuUsage().user<400000);console.log("ready");setInterval(()=>b[0]++,1000)',
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`child exited ${String(code)}`)));
    });
    const { metrics, snapshots } = await collectOnce();
    expect(snapshots?.find((s) => s.id === `container:${id}`)).toMatchObject({ type: 'container', parentId: 'host:real' });
    expect(snapshots?.find((s) => s.id === `container:${id}`)?.attributes['container.runtime']).toBe('docker');
    expect(val(metrics, 'container.memory.usage', id)).toBeGreaterThan(60 * 1024 * 1024);
    expect(val(metrics, 'container.memory.limit', id)).toBe(512 * 1024 * 1024);
    if (v1!.cpuacct) expect(val(metrics, 'container.cpu.time', id)).toBeGreaterThan(0.2);
  });

  it('counts an OOM kill when a process exceeds the container memory limit', async () => {
    const id = randomBytes(32).toString('hex');
    expect(tryCreate(id)).toBe(true);
    created.push(id);
    const dir = join(v1!.memory!, parent, 'docker', id);
    writeFileSync(join(dir, 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
    // no swapping around the limit (hosts with swap): memory+swap limited to the same value
    if (existsSync(join(dir, 'memory.memsw.limit_in_bytes')))
      writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), String(64 * 1024 * 1024));
    const child = runIn(id, 'const a=[];for(;;)a.push(Buffer.alloc(1<<20,1))');
    const signal = await new Promise((r) => child.once('exit', (_c, s) => r(s)));
    expect(signal).toBe('SIGKILL');
    const { metrics } = await collectOnce();
    expect(val(metrics, 'container.memory.oom_kills', id)).toBeGreaterThanOrEqual(1);
  });
});

/** Runs the shared conformance suite against two small real sensors, so the suite itself is exercised. */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import { describeSensorConformance, fakeProcess } from '../testing/conformance.js';
import { settle } from './abortable.js';
import { readProcStat, readText } from './proc.js';
import type { Sensor } from './types.js';

const loadavg: Sensor<'host', { precision: number }> = {
  name: 'test-loadavg',
  version: '1.0.0',
  scope: 'host',
  configSchema: z.object({ precision: z.number().int().min(0).default(2) }),
  detect: (p) => (p === null ? 'host' : null),
  targetKey: () => 'host',
  create: (_t, ctx) => ({
    collect: (signal) =>
      settle(() => {
        signal.throwIfAborted();
        const [one] = (readText(`${ctx.procRoot}/loadavg`) ?? '0').split(' ');
        return { metrics: [{ name: 'system.load.1m', value: Number(Number(one).toFixed(ctx.config.precision)) }] };
      }),
    stop() {},
  }),
};

const MARKER = `argus-conformance-${process.pid}`;
const sleeper: Sensor<{ pid: number }, Record<string, never>> = {
  name: 'test-sleeper',
  version: '1.0.0',
  scope: 'process',
  configSchema: z.object({}),
  detect: (p) => (p?.cmdline.includes(MARKER) ? { pid: p.pid } : null),
  targetKey: (t) => `pid:${t.pid}`,
  create: (t, ctx) => ({
    collect: (signal) =>
      settle(() => {
        signal.throwIfAborted();
        const st = readProcStat(ctx.procRoot, t.pid);
        if (!st) throw new Error(`process ${t.pid} is gone`);
        return {
          metrics: [{ name: 'process.cpu.time', kind: 'counter' as const, unit: 's', value: (st.utime + st.stime) / 100 }],
          snapshots: [
            { id: `test-sleeper:conformance:${t.pid}`, type: 'test-sleeper', name: `sleeper ${t.pid}`, attributes: { pid: t.pid } },
          ],
        };
      }),
    stop() {},
  }),
};

describeSensorConformance(loadavg);
describeSensorConformance(sleeper, {
  target: () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)', MARKER], { stdio: 'ignore' });
    return {
      process: fakeProcess({ pid: child.pid!, name: 'node', cmdline: [process.execPath, '-e', 'setInterval(() => {}, 1e6)', MARKER] }),
      cleanup: () => {
        child.kill('SIGKILL');
      },
    };
  },
});

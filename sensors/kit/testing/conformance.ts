/**
 * The shared conformance suite every sensor package runs:
 *
 *   import { describeSensorConformance } from '@argus/sensor-kit/conformance';
 *   describeSensorConformance(sensor, { config: {...}, target: async () => ({ process, cleanup }) });
 *
 * It checks the contract the agent's supervisor relies on: identity fields, config defaults, detect()
 * rejecting unrelated processes, a real collect() producing well-formed metrics/snapshots/events,
 * collect() honouring an aborted signal, and stop() being idempotent.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostEntityId } from '../src/ids.js';
import type { AnySensor, ProcessInfo, SensorContext, SensorEvent, SensorInstance } from '../src/types.js';
import { collectResultProblems, eventProblem } from '../src/validate.js';

export interface ConformanceTarget {
  /** the process the sensor must detect (null for host-scope sensors) */
  process: ProcessInfo | null;
  /** stops whatever the fixture started */
  cleanup?: () => Promise<void> | void;
}

export interface ConformanceOptions {
  /** raw per-sensor config (before schema defaults), as it would appear in agent.yaml; default {} */
  config?: unknown;
  /** prepares a real target (start a server, find its process). Host-scope sensors may omit it. */
  target?: () => Promise<ConformanceTarget> | ConformanceTarget;
  /** extra processes detect() must reject, added to built-in unrelated fixtures */
  unrelated?: ProcessInfo[];
  procRoot?: string;
  /** how long one collect may take in the test before it counts as hung; default 5000 ms */
  collectTimeoutMs?: number;
}

export function fakeProcess(overrides: Partial<ProcessInfo>): ProcessInfo {
  return {
    pid: 424242,
    ppid: 1,
    name: 'sleep',
    exe: '/usr/bin/sleep',
    cmdline: ['sleep', '1000'],
    uid: 0,
    user: 'root',
    startTime: Date.now() - 60_000,
    listenPorts: [],
    ...overrides,
  };
}

const UNRELATED: ProcessInfo[] = [
  fakeProcess({ name: 'bash', exe: '/usr/bin/bash', cmdline: ['-bash'] }),
  fakeProcess({ name: 'sshd', exe: '/usr/sbin/sshd', cmdline: ['sshd: /usr/sbin/sshd -D'], listenPorts: [22] }),
  fakeProcess({ name: 'node', exe: '/usr/bin/node', cmdline: ['node', 'server.js'], listenPorts: [3000] }),
  fakeProcess({ name: 'cron', exe: '/usr/sbin/cron', cmdline: ['/usr/sbin/cron', '-f'] }),
];

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function describeSensorConformance(sensor: AnySensor, opts: ConformanceOptions = {}): void {
  const timeoutMs = opts.collectTimeoutMs ?? 5000;
  const procRoot = opts.procRoot ?? '/proc';

  describe(`sensor conformance: ${sensor.name}`, () => {
    let fixture: ConformanceTarget = { process: null };
    let config: unknown;
    const events: SensorEvent[] = [];
    const instances: SensorInstance[] = [];

    const makeCtx = (): SensorContext => ({
      config,
      log: pino({ level: 'silent' }),
      procRoot,
      resource: { 'host.id': 'conformance', 'argus.entity.id': `${sensor.name}:conformance:1` },
      hostEntityId: hostEntityId('conformance'),
      emit: (e) => events.push(e),
    });
    const detectTarget = () => sensor.detect(fixture.process, config);
    const createInstance = async () => {
      const target = detectTarget();
      expect(target, `${sensor.name}.detect() must match the fixture target`).not.toBeNull();
      const inst = await sensor.create(target, makeCtx());
      instances.push(inst);
      return inst;
    };

    beforeAll(async () => {
      if (opts.target) fixture = await opts.target();
      config = sensor.configSchema.parse(opts.config ?? {});
    });
    afterAll(async () => {
      for (const i of instances) await i.stop();
      await fixture.cleanup?.();
    });

    it('has a name, a version and a scope', () => {
      expect(sensor.name).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(sensor.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(['host', 'process']).toContain(sensor.scope);
    });

    it('config schema accepts an empty config and fills defaults', () => {
      const parsed = sensor.configSchema.safeParse({});
      expect(parsed.success, parsed.success ? '' : String(parsed.error)).toBe(true);
    });

    it('config schema rejects a wrongly typed config with a message', () => {
      const parsed = sensor.configSchema.safeParse('not-an-object');
      expect(parsed.success).toBe(false);
    });

    it('detect() rejects unrelated processes', () => {
      for (const p of [...UNRELATED, ...(opts.unrelated ?? [])]) {
        if (sensor.scope === 'host') continue;
        expect(sensor.detect(p, config), `detect(${p.name} ${p.cmdline.join(' ')})`).toBeNull();
      }
      if (sensor.scope === 'process') expect(sensor.detect(null, config)).toBeNull();
    });

    it('detect() matches its target and targetKey() is a stable string', () => {
      const a = detectTarget();
      expect(a).not.toBeNull();
      const key = sensor.targetKey(a);
      expect(typeof key).toBe('string');
      expect(sensor.targetKey(detectTarget())).toBe(key);
    });

    it('collect() returns well-formed metrics, snapshots and events', async () => {
      const inst = await createInstance();
      // two samples: counters and rates often need a previous value
      const signalFor = () => AbortSignal.timeout(timeoutMs);
      await withTimeout(inst.collect(signalFor()), timeoutMs + 1000, 'first collect');
      await new Promise((r) => setTimeout(r, 1100));
      const r = await withTimeout(inst.collect(signalFor()), timeoutMs + 1000, 'second collect');
      expect(collectResultProblems(r)).toEqual([]);
      expect(r.metrics.length, 'a sensor reports at least one metric').toBeGreaterThan(0);
      for (const e of events) expect(eventProblem(e)).toBeNull();
    });

    it('collect() settles when its signal is already aborted', async () => {
      const inst = await createInstance();
      const ac = new AbortController();
      ac.abort(new Error('conformance abort'));
      const settled = await withTimeout(
        inst.collect(ac.signal).then(
          () => 'resolved',
          () => 'rejected',
        ),
        timeoutMs,
        'collect with an aborted signal',
      );
      expect(['resolved', 'rejected']).toContain(settled);
    });

    it('stop() is idempotent', async () => {
      const inst = await createInstance();
      await inst.stop();
      await inst.stop();
    });
  });
}

/**
 * One loaded sensor instance ("slot"): creates the instance, runs collect() with a deadline, and turns
 * exceptions and timeouts into agent events plus exponential backoff. A collect that ignores its abort
 * signal is abandoned (never awaited by the tick) and the slot is skipped until that promise settles.
 */
import type { Logger } from 'pino';
import type {
  AnySensor,
  Attributes,
  CollectResult,
  EntitySnapshot,
  MetricPoint,
  ProcessInfo,
  SensorEvent,
  SensorInstance,
} from '@argus/sensor-kit';
import { collectResultProblems, metricProblem, snapshotProblem } from '@argus/sensor-kit';

export interface SlotOutput {
  sample(s: { time: number; resource: Attributes; scope: { name: string; version: string }; metrics: MetricPoint[] }): void;
  snapshots(owner: string, snaps: EntitySnapshot[]): void;
  event(e: SensorEvent): void;
}

export interface SlotSpec {
  key: string;
  sensor: AnySensor;
  target: unknown;
  config: unknown;
  process?: ProcessInfo;
  entityId: string;
  parentId: string;
  resource: Attributes;
  log: Logger;
  procRoot: string;
  hostEntityId: string;
}

export interface Slot {
  readonly spec: SlotSpec;
  /** starts a collect for this tick unless the slot is busy or backing off; never throws */
  run(time: number, now: number): void;
  failing(): boolean;
  stop(): Promise<void>;
}

const MAX_BACKOFF_MS = 60_000;

export function createSlot(spec: SlotSpec, out: SlotOutput, timeoutMs: number): Slot {
  const { sensor, log } = spec;
  let instance: SensorInstance | undefined;
  let creating: Promise<void> | undefined;
  let pending: Promise<unknown> | undefined;
  let failures = 0;
  let retryAt = 0;
  let stopped = false;
  let warnedMalformed = false;

  const event = (severity: SensorEvent['severity'], code: string, message: string) =>
    out.event({ severity, code, message, entityId: spec.entityId });

  const fail = (code: string, err: unknown, now: number) => {
    failures++;
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
    retryAt = now + delay;
    const msg = `sensor ${sensor.name} (${spec.key}): ${(err as Error)?.message ?? String(err)}; retrying in ${delay} ms`;
    log.warn({ code, failures, delay }, msg);
    event('warning', code, msg);
  };
  const recovered = () => {
    if (failures > 0) event('info', 'SENSOR_RECOVERED', `sensor ${sensor.name} (${spec.key}) recovered after ${failures} failure(s)`);
    failures = 0;
  };

  const ctx = {
    config: spec.config,
    log,
    resource: spec.resource,
    hostEntityId: spec.hostEntityId,
    procRoot: spec.procRoot,
    emit: (e: SensorEvent) => out.event({ ...e, entityId: e.entityId ?? spec.entityId }),
  };

  const create = (now: number) => {
    const p = (async () => {
      try {
        instance = await sensor.create(spec.target, ctx);
        if (stopped) await instance.stop();
        else log.info('sensor loaded');
      } catch (err) {
        fail('SENSOR_START_FAILED', err, now);
      } finally {
        creating = undefined;
      }
    })();
    creating = p;
    return p;
  };

  const deliver = (r: CollectResult, time: number) => {
    let metrics = r.metrics;
    const problems = collectResultProblems(r);
    if (problems.length) {
      if (!warnedMalformed) log.warn({ problems: problems.slice(0, 5) }, 'sensor returned malformed data; dropping those items');
      warnedMalformed = true;
      metrics = metrics.filter((m) => metricProblem(m) === null);
    }
    if (metrics.length) out.sample({ time, resource: spec.resource, scope: { name: sensor.name, version: sensor.version }, metrics });
    // snapshots were checked with the rest; filtered only when something was wrong
    const snaps = (problems.length ? (r.snapshots ?? []).filter((s) => snapshotProblem(s) === null) : (r.snapshots ?? [])).map((s) =>
      s.parentId || s.type === 'host' ? s : { ...s, parentId: s.id === spec.entityId ? spec.parentId : spec.entityId },
    );
    if (snaps.length) out.snapshots(spec.key, snaps);
    for (const e of r.events ?? []) ctx.emit(e);
  };

  const collect = async (time: number, now: number) => {
    const ac = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = Object.assign(new Error(`collect timed out after ${timeoutMs} ms`), { code: 'SENSOR_TIMEOUT' });
        ac.abort(err);
        reject(err);
      }, timeoutMs);
    });
    const work = Promise.resolve().then(() => instance!.collect(ac.signal));
    pending = work;
    work
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (pending === work) pending = undefined;
      });
    try {
      const r = await Promise.race([work, timedOut]);
      if (stopped) return;
      deliver(r, time);
      recovered();
    } catch (err) {
      if (!stopped) fail((err as { code?: string }).code === 'SENSOR_TIMEOUT' ? 'SENSOR_TIMEOUT' : 'SENSOR_FAILED', err, now);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    spec,
    run(time, now) {
      if (stopped || creating || pending || now < retryAt) return;
      if (!instance) {
        void create(now).then(() => {
          if (instance && !stopped) void collect(time, now);
        });
        return;
      }
      void collect(time, now);
    },
    failing: () => failures > 0,
    async stop() {
      if (stopped) return;
      stopped = true;
      await creating;
      try {
        await instance?.stop();
      } catch (err) {
        log.warn({ err }, 'sensor stop failed');
      }
      log.info('sensor unloaded');
    },
  };
}

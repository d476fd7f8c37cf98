import pino from 'pino';
import type { AnySensor, CollectResult, SensorContext, SensorEvent, SensorInstance } from '@argus/sensor-kit';

export interface SensorHarness {
  instance: SensorInstance;
  /** events from collect results and ctx.emit, in order */
  events: SensorEvent[];
  collect(timeoutMs?: number): Promise<CollectResult>;
  /**
   * Collect until a result carries metrics: a sensor whose connection attempt outlasts one collect answers with
   * nothing and picks the attempt's result up later (on a loaded machine a first connect can take seconds).
   */
  settled(maxWaitMs?: number): Promise<CollectResult>;
  stop(): Promise<void>;
}

/** Create a sensor instance for a real process the way the supervisor does, with a silent logger. */
export async function startSensor(sensor: AnySensor, target: unknown, rawConfig: unknown = {}): Promise<SensorHarness> {
  const events: SensorEvent[] = [];
  const config = sensor.configSchema.parse(rawConfig);
  const ctx: SensorContext = {
    config,
    log: pino({ level: process.env.ARGUS_TEST_LOG ?? 'silent' }),
    resource: { 'host.id': 'test-host' },
    hostEntityId: 'host:test-host',
    procRoot: '/proc',
    emit: (e) => events.push(e),
  };
  const instance = await sensor.create(target, ctx);
  const harness: SensorHarness = {
    instance,
    events,
    async collect(timeoutMs = 3000) {
      const r = await instance.collect(AbortSignal.timeout(timeoutMs));
      events.push(...(r.events ?? []));
      return r;
    },
    async settled(maxWaitMs = 15_000) {
      const until = Date.now() + maxWaitMs;
      for (;;) {
        const r = await harness.collect();
        if (r.metrics.length > 0 || Date.now() > until) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async stop() {
      await instance.stop();
    },
  };
  return harness;
}

export function metricValue(r: CollectResult, name: string, attrs: Record<string, string | number> = {}): number | undefined {
  const hit = r.metrics.filter((m) => m.name === name && Object.entries(attrs).every(([k, v]) => m.attributes?.[k] === v));
  return hit.length ? hit[hit.length - 1].value : undefined;
}

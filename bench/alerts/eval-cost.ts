/**
 * Evaluation cost: CPU per evaluator pass over N rules (service and endpoint rules, static and adaptive, on
 * services that receive traffic), measured in-process with process.cpuUsage around the passes, next to the same
 * process's CPU over as long without a pass (the collector and agent in the process keep working; the run starts
 * the world with ARGUS_ALERTS=off for this, so the module's own evaluator does not run the same rules meanwhile).
 */
import pino from 'pino';
import type { TestCollector } from '@argus/collector/testing';
import { loadAlertsConfig } from '../../collector/src/alerts/config.js';
import { createDeliveryQueue } from '../../collector/src/alerts/delivery/queue.js';
import { createEventStore } from '../../collector/src/alerts/engine/event-store.js';
import { createEvaluator } from '../../collector/src/alerts/engine/evaluator.js';
import { createReadSide } from '../../collector/src/alerts/signals/read-side.js';
import { createChannelStore } from '../../collector/src/alerts/store/channel-store.js';
import { createRuleStore } from '../../collector/src/alerts/store/rule-store.js';

export async function evaluationCost(c: TestCollector, services: string[], rules: number, passes: number) {
  const deps = c.deps;
  const log = pino({ level: 'silent' });
  const channels = createChannelStore(deps.storage);
  const store = createRuleStore(deps.storage, () => undefined);
  const blueprints = ['service-erroneous', 'service-slow', 'service-throughput-drop'];
  // created 100 at a time (one insert each; sequential inserts took minutes on a busy machine)
  const make = async (i: number) => {
    const service = services[i % services.length];
    const bp = blueprints[i % blueprints.length];
    const adaptive = i % 10 === 0;
    await store.create('default', {
      name: `bench ${i}`,
      blueprint: bp,
      service,
      ...(adaptive || bp === 'service-throughput-drop' ? { adaptive: true } : { threshold: bp === 'service-slow' ? 500 : 0.5 }),
      windowSeconds: [10, 30, 60][i % 3],
      channels: [],
    });
  };
  for (let i = 0; i < rules; i += 100) await Promise.all(Array.from({ length: Math.min(100, rules - i) }, (_, k) => make(i + k)));
  const queue = createDeliveryQueue(deps.storage, channels, log, undefined);
  const ev = createEvaluator({
    tenant: 'default',
    storage: deps.storage,
    log,
    config: loadAlertsConfig({ evaluator: 'off' }),
    publicUrl: 'http://127.0.0.1',
    readSide: createReadSide(deps.queries),
    events: createEventStore(deps.storage),
    rules: store,
    channels,
    queue,
  });
  await ev.run(); // warm-up (baseline refits of the adaptive rules happen here)
  const cpu: number[] = [];
  const wall: number[] = [];
  const idle: number[] = [];
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < passes; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await ev.run();
    const d = process.cpuUsage(c0);
    const w = performance.now() - t0;
    cpu.push((d.user + d.system) / 1000);
    wall.push(w);
    // the process's CPU without a pass over the same wall time (the in-process collector and agent keep working):
    // what a pass costs is the difference
    const i0 = process.cpuUsage();
    const t1 = performance.now();
    await sleep(Math.max(200, w));
    const di = process.cpuUsage(i0);
    idle.push(((di.user + di.system) / 1000) * (w / (performance.now() - t1)));
  }
  await queue.stop();
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const net = cpu.map((c, i) => Math.max(0, c - idle[i]));
  return {
    rules,
    services: services.length,
    passes,
    cpuMsMedian: med(cpu),
    cpuMsMax: Math.max(...cpu),
    idleCpuMsMedian: med(idle),
    netCpuMsMedian: med(net),
    wallMsMedian: med(wall),
  };
}

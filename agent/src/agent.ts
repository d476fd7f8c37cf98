/**
 * Composition of the agent: identity -> supervisor (sensors) + discovery -> exporter (spool + sender), a
 * 1-second tick aligned to wall-clock seconds, entity posts, self-monitoring and config hot reload.
 */
import pino, { type Logger } from 'pino';
import { agentEntityId, type AnySensor, type Attributes } from '@argus/sensor-kit';
import type { AgentConfig } from './config/schema.js';
import { watchConfig, type ConfigWatcher } from './config/watch.js';
import { startDiscovery } from './discovery/index.js';
import { createEntityTracker } from './export/entities.js';
import { createExporter, type Exporter } from './export/index.js';
import { detectIdentity, hostResource, type HostIdentity } from './identity.js';
import { AGENT_VERSION, createSelfMonitor } from './self-monitor.js';
import { SENSORS } from './sensors.js';
import { createSupervisor, type Supervisor } from './supervisor.js';
import { startTracerIntake } from './tracer-wiring.js';
import { startKubernetesMetadata } from './kubernetes/metadata.js';

export interface StartOptions {
  /** sensors to run (default: the registry in sensors.ts) */
  sensors?: readonly AnySensor[];
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  /** when set, the file is watched and reloaded on change */
  configPath?: string;
  /** the tracer intake listener (default true) */
  tracerIntake?: boolean;
}

export interface RunningAgent {
  identity: HostIdentity;
  exporter: Exporter;
  supervisor: Supervisor;
  config(): AgentConfig;
  /** waits until everything spooled was delivered (tests, shutdown) */
  drain(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

export async function startAgent(initial: AgentConfig, opts: StartOptions = {}): Promise<RunningAgent> {
  const env = opts.env ?? process.env;
  const sensors = opts.sensors ?? SENSORS;
  const log = opts.log ?? pino({ level: initial.logLevel, base: { component: 'argus-agent' } });
  let config = initial;
  const hostRoot = config.hostRoot ?? (config.procRoot.endsWith('/proc') ? config.procRoot.slice(0, -5) || '/' : '/');
  const identity = await detectIdentity({ hostRoot, env, imds: config.imds, log });
  const hostAttrs = hostResource(identity);
  const agentId = agentEntityId(identity.hostId);

  const exporter = createExporter({
    dataDir: config.dataDir,
    spoolMaxBytes: config.spool.maxBytes,
    maxPointsPerRequest: config.export.maxPointsPerRequest,
    log,
    target: () => ({ endpoint: config.endpoint, key: config.key, ...config.export }),
  });
  const entities = createEntityTracker({
    agentId,
    hostEntityId: identity.hostEntityId,
    refreshMs: config.intervals.entityRefreshMs,
    heartbeatMs: config.intervals.heartbeatMs,
    // after the sensors' first collection (a tick and its time limit): the host goes out described by its sensor
    firstPostAt: Date.now() + config.intervals.collectMs + config.intervals.collectTimeoutMs,
  });
  const supervisor = createSupervisor({
    sensors,
    settings: config.sensors,
    identity,
    hostResource: hostAttrs,
    procRoot: config.procRoot,
    timeoutMs: config.intervals.collectTimeoutMs,
    log,
    out: {
      sample: (s) => exporter.addSample(s),
      snapshots: (owner, snaps) => entities.put(owner, snaps),
      event: (e) => entities.event(e),
      ownerGone: (owner) => entities.ownerGone(owner),
    },
  });

  const putAgentEntities = () => {
    const tags: Attributes = {};
    for (const [k, v] of Object.entries(config.tags)) tags[`argus.tag.${k}`] = v;
    if (config.zone) tags['argus.zone'] = config.zone;
    entities.put('agent', [
      {
        id: identity.hostEntityId,
        type: 'host',
        name: identity.hostName,
        attributes: {
          ...hostAttrs,
          'host.machine_id': identity.machineId,
          ...(identity.ec2 ? { 'cloud.instance.id': identity.ec2.instanceId } : {}),
          ...tags,
        },
      },
      {
        id: agentId,
        type: 'agent',
        name: `argus-agent ${identity.hostName}`,
        parentId: identity.hostEntityId,
        attributes: {
          'agent.version': AGENT_VERSION,
          'process.pid': process.pid,
          'agent.config.source': config.source || '(defaults)',
          'agent.sensors': sensors
            .filter((s) => config.sensors[s.name]?.enabled)
            .map((s) => s.name)
            .join(','),
          ...tags,
        },
      },
    ]);
  };
  putAgentEntities();
  // pod, namespace and workload names of this node's containers from the Kubernetes API (only when running in a pod)
  const k8s = startKubernetesMetadata({
    env,
    nodeName: identity.k8sNodeName,
    hostEntityId: identity.hostEntityId,
    hostName: identity.hostName,
    log,
    refreshMs: config.intervals.entityRefreshMs,
    put: (owner, snaps) => entities.put(owner, snaps),
    gone: (owner) => entities.ownerGone(owner),
  });

  const self = createSelfMonitor(
    { ...hostAttrs, 'argus.entity.id': agentId, 'argus.entity.type': 'agent', 'process.pid': process.pid },
    () => ({ spool: exporter.stats(), sent: exporter.stats(), sensors: supervisor.stats() }),
  );

  const discovery = startDiscovery({
    procRoot: config.procRoot,
    hostRoot,
    intervalMs: config.intervals.discoveryMs,
    log: log.child({ area: 'discovery' }),
    portsRefreshMs: config.intervals.portsRefreshMs,
    portsMinIntervalMs: config.intervals.portsMinIntervalMs,
    onDiff: (diff) => void supervisor.onProcesses(diff).catch((err: unknown) => log.error({ err }, 'applying discovery diff failed')),
  });
  discovery.tick(); // first scan now: its diff (every process "added") loads the matching sensors

  // ---------------------------------------------------------------------------------------------------------
  // TRACER INTAKE: OTLP/HTTP listener for in-process tracers on config.port (agent/src/tracer-intake/, written
  // by the Node.js tracer helper). Its payloads go through exporter.forward(kind, protobufBody).
  const intake =
    opts.tracerIntake === false
      ? undefined
      : await startTracerIntake({ config, identity, exporter, entities, log, process: (pid) => discovery.get(pid) });
  // ---------------------------------------------------------------------------------------------------------

  let lastFlush = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (time: number) => {
    try {
      if (time - lastFlush >= config.export.flushMs) {
        exporter.flush();
        lastFlush = time;
      }
      supervisor.tick(time);
      exporter.addSample(self.sample(time));
      intake?.refresh();
      const body = entities.due(Date.now());
      if (body) exporter.postEntities(body);
    } catch (err) {
      log.error({ err }, 'tick failed');
    }
  };
  let lastTick = 0;
  const schedule = () => {
    if (stopped) return;
    const step = config.intervals.collectMs;
    const now = Date.now();
    // timers may fire a millisecond early: never tick the same second twice
    const next = Math.max(Math.floor(now / step) * step + step, lastTick + step);
    timer = setTimeout(() => {
      lastTick = next;
      tick(next);
      schedule();
    }, next - now);
  };
  schedule();

  let watcher: ConfigWatcher | undefined;
  if (opts.configPath) {
    watcher = watchConfig({
      path: opts.configPath,
      env,
      sensors,
      initial,
      pollMs: config.intervals.configPollMs,
      log,
      async onChange(next) {
        config = next;
        putAgentEntities();
        await supervisor.reconfigure(next.sensors, discovery.processes());
      },
    });
  }
  log.info({ endpoint: config.endpoint, sensors: sensors.map((s) => s.name), dataDir: config.dataDir }, 'agent started');

  return {
    identity,
    exporter,
    supervisor,
    config: () => config,
    drain: (ms) => exporter.drain(ms),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      k8s?.stop();
      discovery.stop();
      await intake?.stop();
      await supervisor.stop();
      exporter.flush();
      const body = entities.due(Date.now());
      if (body) exporter.postEntities(body);
      await exporter.stop();
      log.info('agent stopped');
    },
  };
}

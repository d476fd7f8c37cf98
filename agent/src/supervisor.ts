/**
 * The sensor supervisor: loads host-scope sensors once and process-scope sensors when discovery finds a
 * matching process, unloads them when the process is gone or the sensor is disabled/reconfigured, and runs
 * every slot each tick (each collect independent and time-limited, see sensor-slot.ts).
 */
import type { Logger } from 'pino';
import {
  containerEntityId,
  processEntityId,
  technologyEntityId,
  type AnySensor,
  type Attributes,
  type EntitySnapshot,
  type ProcessInfo,
} from '@argus/sensor-kit';
import type { SensorSettings } from './config/schema.js';
import type { DiscoveryDiff } from './discovery/index.js';
import type { HostIdentity } from './identity.js';
import { createSlot, type Slot, type SlotOutput } from './sensor-slot.js';

export interface SupervisorOptions {
  sensors: readonly AnySensor[];
  settings: Record<string, SensorSettings>;
  identity: HostIdentity;
  hostResource: Attributes;
  procRoot: string;
  timeoutMs: number;
  log: Logger;
  out: SlotOutput & { ownerGone(owner: string): void };
}

export interface Supervisor {
  /** run detect for new/changed processes and unload slots of removed ones */
  onProcesses(diff: DiscoveryDiff): Promise<void>;
  /** apply new sensor settings; `all` is every known process, used to re-detect */
  reconfigure(settings: Record<string, SensorSettings>, all: ProcessInfo[]): Promise<void>;
  tick(time: number): void;
  stats(): { loaded: number; failing: number };
  slots(): Slot[];
  stop(): Promise<void>;
}

const procKey = (p: Pick<ProcessInfo, 'pid' | 'startTime'>) => `${p.pid}:${p.startTime}`;

export function createSupervisor(opts: SupervisorOptions): Supervisor {
  const { identity } = opts;
  let settings = opts.settings;
  const slots = new Map<string, Slot>();

  const enabled = (s: AnySensor) => settings[s.name]?.enabled;
  const configOf = (s: AnySensor): unknown => settings[s.name]?.config ?? s.configSchema.parse({});

  /** the process (and its container) as entities, contributed by the slot that monitors it */
  const processSnapshots = (p: ProcessInfo): EntitySnapshot[] => {
    const out: EntitySnapshot[] = [];
    let parentId = identity.hostEntityId;
    if (p.containerId) {
      parentId = containerEntityId(p.containerId);
      const attributes: Attributes = { 'container.id': p.containerId };
      if (p.podUid) attributes['k8s.pod.uid'] = p.podUid;
      out.push({ id: parentId, type: 'container', name: p.containerId.slice(0, 12), parentId: identity.hostEntityId, attributes });
    }
    out.push({
      id: processEntityId(identity.hostId, p),
      type: 'process',
      name: p.name,
      parentId,
      attributes: {
        'process.pid': p.pid,
        'process.parent_pid': p.ppid,
        'process.executable.path': p.exe,
        'process.command_line': p.cmdline.join(' ').slice(0, 4096),
        'process.owner': p.user,
        'process.start_time': p.startTime,
        'process.listen_ports': p.listenPorts.join(','),
        ...(p.containerId ? { 'container.id': p.containerId } : {}),
      },
    });
    return out;
  };

  const load = (sensor: AnySensor, target: unknown, p?: ProcessInfo) => {
    const tkey = sensor.targetKey(target);
    const key = `${sensor.name}/${tkey}`;
    if (slots.has(key)) return;
    let resource: Attributes;
    let entityId: string;
    let parentId = identity.hostEntityId;
    if (p) {
      const port = (target as { port?: unknown } | null)?.port;
      entityId = technologyEntityId(sensor.name, identity.hostId, typeof port === 'number' ? port : p.pid);
      parentId = processEntityId(identity.hostId, p);
      resource = { ...opts.hostResource, 'argus.entity.id': entityId, 'argus.entity.type': sensor.name, 'process.pid': p.pid };
      if (p.containerId) resource['container.id'] = p.containerId;
      if (p.podUid) resource['k8s.pod.uid'] = p.podUid;
    } else {
      entityId = identity.hostEntityId;
      resource = { ...opts.hostResource, 'argus.entity.id': entityId, 'argus.entity.type': 'host' };
    }
    const log = opts.log.child({ sensor: sensor.name, target: tkey, entity: entityId });
    const config = configOf(sensor);
    const slot = createSlot(
      {
        key,
        sensor,
        target,
        config,
        process: p,
        entityId,
        parentId,
        resource,
        log,
        procRoot: opts.procRoot,
        hostEntityId: identity.hostEntityId,
      },
      opts.out,
      opts.timeoutMs,
    );
    slots.set(key, slot);
    if (p) {
      opts.out.snapshots(key, [
        ...processSnapshots(p),
        {
          id: entityId,
          type: sensor.name,
          name: `${sensor.name} ${p.listenPorts[0] ?? p.pid}`,
          parentId,
          attributes: { 'argus.sensor.version': sensor.version },
        },
      ]);
    }
  };

  const unload = async (key: string) => {
    const slot = slots.get(key);
    if (!slot) return;
    slots.delete(key);
    opts.out.ownerGone(key);
    await slot.stop();
  };

  const detectFor = (p: ProcessInfo) => {
    for (const sensor of opts.sensors) {
      if (sensor.scope !== 'process' || !enabled(sensor)) continue;
      try {
        const target: unknown = sensor.detect(p, configOf(sensor));
        if (target !== null && target !== undefined) load(sensor, target, p);
      } catch (err) {
        opts.log.warn({ err, sensor: sensor.name, pid: p.pid }, 'sensor detect threw; ignored');
      }
    }
  };

  const loadHostSensors = () => {
    for (const sensor of opts.sensors) {
      if (sensor.scope !== 'host' || !enabled(sensor)) continue;
      try {
        const target: unknown = sensor.detect(null, configOf(sensor));
        if (target !== null && target !== undefined) load(sensor, target);
      } catch (err) {
        opts.log.warn({ err, sensor: sensor.name }, 'host sensor detect threw; not loaded');
      }
    }
  };
  loadHostSensors();

  return {
    async onProcesses(diff) {
      const gone = new Set(diff.removed.map(procKey));
      const stale = [...slots.values()].filter((s) => s.spec.process && gone.has(procKey(s.spec.process)));
      await Promise.all(stale.map((s) => unload(s.spec.key)));
      for (const p of [...diff.added, ...diff.changed]) detectFor(p);
    },
    async reconfigure(next, all) {
      const prev = settings;
      settings = next;
      const changed = new Set(opts.sensors.filter((s) => JSON.stringify(prev[s.name]) !== JSON.stringify(next[s.name])).map((s) => s.name));
      if (!changed.size) return;
      const doomed = [...slots.values()].filter((s) => changed.has(s.spec.sensor.name));
      await Promise.all(doomed.map((s) => unload(s.spec.key)));
      loadHostSensors();
      for (const p of all) detectFor(p);
      opts.log.info({ sensors: [...changed] }, 'sensor settings applied');
    },
    tick(time) {
      const now = Date.now();
      for (const slot of slots.values()) slot.run(time, now);
    },
    stats() {
      let failing = 0;
      for (const s of slots.values()) if (s.failing()) failing++;
      return { loaded: slots.size, failing };
    },
    slots: () => [...slots.values()],
    async stop() {
      await Promise.all([...slots.keys()].map(unload));
    },
  };
}

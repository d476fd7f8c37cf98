import {
  createCounterRates,
  techIdentity,
  type CollectResult,
  type MetricPoint,
  type SensorContext,
  type SensorEvent,
  type SensorInstance,
  within,
} from '@argus/sensor-kit';
import type { NginxConfig } from './config.js';
import type { StatusLocation } from './conf-status.js';
import type { NginxTarget } from './detect.js';
import { nginxVersion, versionFromServerHeader, workerCount } from './facts.js';
import { configPathOf, locateStatus } from './locate.js';
import { nginxSnapshot, type NginxFacts } from './snapshot.js';
import { createStatusFetcher, type StubStatus } from './status.js';

/** how long a collect waits for the background stub_status search */
const WAIT_MS = 500;
/** consecutive failed polls after which the status location is looked up again */
const RELOCATE_AFTER = 5;

function missingEvent(target: NginxTarget, configPath: string | undefined, entityId: string): SensorEvent {
  return {
    severity: 'warning',
    code: 'NGINX_STUB_STATUS_MISSING',
    entityId,
    message:
      `nginx (pid ${target.pid}, port ${target.port}) has no stub_status endpoint, so connection and request metrics are missing. ` +
      `Add these two lines inside the server block listening on ${target.port}` +
      `${configPath ? ` in ${configPath}` : ''} and reload nginx (nginx -s reload):\n` +
      `    location = /nginx_status { stub_status;\n` +
      `        allow 127.0.0.1; deny all; }`,
  };
}

function statusMetrics(s: StubStatus, rates: ReturnType<typeof createCounterRates>): MetricPoint[] {
  const out: MetricPoint[] = [
    { name: 'nginx.connections.active', unit: '{connection}', value: s.active },
    { name: 'nginx.connections.reading', unit: '{connection}', value: s.reading },
    { name: 'nginx.connections.writing', unit: '{connection}', value: s.writing },
    { name: 'nginx.connections.waiting', unit: '{connection}', value: s.waiting },
    { name: 'nginx.connections.dropped', kind: 'counter', unit: '{connection}', value: Math.max(0, s.accepts - s.handled) },
  ];
  const counters: Array<[string, string, number]> = [
    ['nginx.connections.accepted', '{connection}', s.accepts],
    ['nginx.connections.handled', '{connection}', s.handled],
    ['nginx.requests', '{request}', s.requests],
  ];
  for (const [name, unit, value] of counters) {
    out.push({ name, kind: 'counter', unit, value });
    const r = rates.rate(name, value);
    if (r !== undefined) out.push({ name: `${name}.rate`, unit: `${unit}/s`, value: r });
  }
  return out;
}

export function createNginxInstance(target: NginxTarget, ctx: SensorContext<NginxConfig>): SensorInstance {
  const cfg = ctx.config;
  const identity = techIdentity(ctx, 'nginx', target.port, target);
  const rates = createCounterRates();
  const fetcher = createStatusFetcher(cfg.requestTimeoutMs);
  const configPath = configPathOf(target, cfg.instances[String(target.port)]?.configPath, ctx.procRoot);
  const facts: NginxFacts = { version: '', configPath, configFiles: 0, workers: 0, ports: target.ports };
  // `nginx -v` runs in the background; the Server header may fill the version first
  void nginxVersion(target.exe).then((v) => {
    if (v) facts.version = v;
  });
  let location: StatusLocation | undefined;
  let locateAt = -Infinity;
  let failures = 0;
  let missingReported = false;
  const pendingEvents: SensorEvent[] = [];
  let factsAt = -Infinity;

  let locating: Promise<void> | undefined;
  const lifetime = new AbortController();

  async function locate(events: SensorEvent[]) {
    const found = await locateStatus(target, cfg, configPath, ctx.procRoot, fetcher, lifetime.signal);
    if (lifetime.signal.aborted) return;
    facts.configFiles = found.configFiles.length;
    if (found.location) {
      location = found.location;
      facts.statusUrl = found.location.url;
      facts.statusSource = found.source;
      if (!facts.version) facts.version = versionFromServerHeader(found.first?.server);
      missingReported = false;
      ctx.log.info({ url: location.url, source: found.source }, 'nginx stub_status found');
    } else {
      facts.statusUrl = undefined;
      facts.statusSource = undefined;
      if (!missingReported) {
        missingReported = true;
        events.push(missingEvent(target, configPath, identity.entityId));
      }
    }
  }

  /**
   * Looks for stub_status at start and every `rediscoverSeconds` while missing. The search runs in the
   * background (several HTTP probes may exceed one collect's budget); collect waits for it briefly.
   */
  async function ensureLocation(signal: AbortSignal, events: SensorEvent[]): Promise<boolean> {
    if (!locating && !location && Date.now() - locateAt >= cfg.rediscoverSeconds * 1000) {
      locateAt = Date.now();
      locating = locate(pendingEvents)
        .catch((err: unknown) => ctx.log.warn({ err }, 'nginx stub_status search failed'))
        .finally(() => (locating = undefined));
    }
    const done = locating
      ? (await within(
          locating.then(() => true),
          WAIT_MS,
          signal,
        )) === true
      : true;
    events.push(...pendingEvents.splice(0));
    return done;
  }

  function snapshots() {
    const now = Date.now();
    if (now - factsAt >= cfg.snapshotIntervalSeconds * 1000) {
      facts.workers = workerCount(ctx.procRoot, target.pid);
      factsAt = now;
    }
    const snap = nginxSnapshot(identity.entityId, identity.parentId, target.pid, target.port, facts);
    return [snap];
  }

  return {
    async collect(signal): Promise<CollectResult> {
      const events: SensorEvent[] = [];
      const settled = await ensureLocation(signal, events);
      const metrics: MetricPoint[] = [];
      if (location) {
        try {
          const res = await fetcher.get(location.url, location.host, signal);
          if (!res.status) throw new Error(`stub_status answered HTTP ${res.httpStatus}`);
          failures = 0;
          metrics.push(...statusMetrics(res.status, rates));
        } catch (err) {
          if (signal.aborted) throw err;
          if (++failures >= RELOCATE_AFTER) {
            ctx.log.warn({ err: String(err), url: location.url }, 'nginx stub_status stopped answering, looking again');
            location = undefined;
            locateAt = -Infinity;
          }
        }
      }
      // health fact: 1 while stub_status is not available (unknown while the first search runs)
      if (settled || location) metrics.push({ name: 'nginx.stub_status_missing', unit: '1', value: location ? 0 : 1 });
      const snaps = snapshots();
      metrics.push({ name: 'nginx.workers', unit: '{process}', value: facts.workers });
      return { metrics: identity.tag(metrics), snapshots: snaps, events };
    },
    stop() {
      lifetime.abort();
      fetcher.close();
    },
  };
}

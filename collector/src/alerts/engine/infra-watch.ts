import { metricSnapshot, metricTrend } from '../signals/metric-snapshot.js';
import { serviceVersions } from '../signals/versions.js';
import { stableId } from '../store/ids.js';
import { serviceNode } from '../correlation/graph.js';
import type { Entity } from '../signals/read-side.js';
import { saturationStart } from '../signals/saturation-start.js';
import { BUILTIN_CHECKS, OFFLINE_ISSUE_TYPES, hoursToFull, type BuiltinCheck } from './builtin.js';
import type { EngineContext } from './context.js';
import type { AlertEvent } from './types.js';

const RESTART_LOOP = { count: 3, windowMs: 10 * 60_000 };

/**
 * Built-in infrastructure issues (CPU, memory, filesystems full or filling, restart loops, entities offline,
 * PostgreSQL connections, Redis memory) and changes (deployments, process/container start and stop, changed
 * snapshot facts), on the slow tick.
 */
export function createInfraWatch(ctx: EngineContext) {
  const open = new Map<string, string>(); // check key -> issue id
  const knownVersions = new Map<string, Set<string>>();
  let eventsSince = 0;
  let trendAt = 0;
  let firstRun = true;

  async function raise(
    key: string,
    e: Entity,
    kind: string,
    severity: 'warning' | 'critical',
    title: string,
    text: string,
    evidence: string,
    now: number,
    extra: Record<string, unknown> = {},
  ) {
    if (open.has(key)) return;
    const id = stableId('iss', 'builtin', key, now);
    open.set(key, id);
    await ctx.issues.raise(
      {
        id,
        tenant: ctx.tenant,
        kind,
        severity,
        title,
        text: `${e.type} ${e.name}: ${text}`,
        entity: { id: e.id, type: e.type, name: e.name },
        details: {
          ...extra,
          builtin: true,
          evidence,
          host: typeof e.attributes['host.name'] === 'string' ? e.attributes['host.name'] : undefined,
        },
        trigger: false,
        nodeId: e.id,
      },
      now,
    );
  }
  async function clear(key: string, now: number) {
    const id = open.get(key);
    if (!id) return;
    open.delete(key);
    await ctx.issues.resolve(id, now);
  }

  /**
   * A CPU or memory saturation explains slowness only when it began with an incident (root-cause.ts): the issue says
   * when it began, to the second (saturatedSince, saturation-start.ts), so a host busy all along (its issue flapping
   * closed and open again) or busy only since after an incident began is not taken for that incident's cause.
   */
  async function saturatedSince(check: BuiltinCheck, e: Entity, now: number): Promise<Record<string, unknown>> {
    if (check.evidence !== 'cpu' && check.evidence !== 'memory') return {};
    const since = await saturationStart(ctx.storage, ctx.tenant, check, [e.id], now);
    return { saturatedSince: since.get(e.id) };
  }

  const change = (
    kind: string,
    at: number,
    entity: AlertEvent['entity'],
    title: string,
    text: string,
    details: Record<string, unknown>,
    service = '',
  ): AlertEvent => ({
    id: stableId('chg', ctx.tenant, kind, entity.id, at, title),
    tenant: ctx.tenant,
    type: 'change',
    kind,
    severity: 'info',
    state: 'resolved',
    acknowledged: false,
    title,
    text,
    entity,
    service,
    ruleId: '',
    incidentId: '',
    startMs: at,
    endMs: at,
    details,
    updatedAt: Date.now(),
  });

  async function changes(entities: Map<string, Entity>, now: number) {
    // deployments: a service shows a service.version it did not run before
    for (const v of await serviceVersions(ctx.storage, ctx.tenant, now - 24 * 3_600_000)) {
      const seen = knownVersions.get(v.service) ?? new Set<string>();
      knownVersions.set(v.service, seen);
      if (seen.has(v.version)) continue;
      seen.add(v.version);
      const previous = [...seen].filter((x) => x !== v.version);
      if (!previous.length || (firstRun && now - v.firstSeen > 10 * 60_000)) continue;
      const title = `Deployment of ${v.service} ${v.version || '(no version)'}`;
      await ctx.issues.change(
        change(
          'deployment',
          v.firstSeen,
          { id: serviceNode(v.service), type: 'service', name: v.service },
          title,
          `${v.service} now runs version ${v.version} (before: ${previous.join(', ')})`,
          { version: v.version, previous },
          v.service,
        ),
      );
    }
    // entity lifecycle and configuration changes from the agents' entity events
    const from = eventsSince || now - 5 * 60_000;
    const evs = await ctx.readSide.entityEvents(ctx.tenant, from - 10_000, now);
    eventsSince = now;
    // entities discovered after this tick's entity list was read: their names, not raw ids, in the change titles
    const missing = [...new Set(evs.map((ev) => ev.entityId).filter((id) => !entities.has(id)))];
    if (missing.length) for (const e of await ctx.readSide.entities(ctx.tenant, { ids: missing })) entities.set(e.id, e);
    const restarts = new Map<string, number>();
    for (const ev of evs) {
      const e = entities.get(ev.entityId);
      const ref = { id: ev.entityId, type: e?.type ?? ev.entityId.split(':')[0], name: e?.name ?? ev.entityId };
      if (ev.code === 'PROCESS_RESTARTED' && now - ev.time < RESTART_LOOP.windowMs)
        restarts.set(ev.entityId, (restarts.get(ev.entityId) ?? 0) + 1);
      const verb =
        ev.code === 'ENTITY_DISCOVERED'
          ? 'start'
          : ev.code === 'ENTITY_GONE'
            ? 'stop'
            : ev.code === 'ENTITY_CHANGED'
              ? 'change'
              : undefined;
      if (!verb || (ref.type === 'host' && verb !== 'change')) continue;
      const kind = verb === 'change' ? 'config-change' : `${ref.type === 'container' ? 'container' : 'process'}-${verb}`;
      const title =
        verb === 'change'
          ? `Configuration of ${ref.type} ${ref.name} changed`
          : `${ref.type} ${ref.name} ${verb === 'start' ? 'started' : 'stopped'}`;
      await ctx.issues.change(change(kind, ev.time, ref, title, ev.message, { code: ev.code }));
    }
    // a restart loop: the process sensor saw the same command restart >= 3 times in 10 minutes
    for (const [id, n] of restarts) {
      const e = entities.get(id);
      if (e && n >= RESTART_LOOP.count)
        await raise(
          `restart-loop\0${id}`,
          e,
          'restart-loop',
          'critical',
          'restart loop',
          `restarted ${n} times in 10 minutes`,
          'restarts',
          now,
        );
    }
    firstRun = false;
  }

  return {
    async tick(now: number): Promise<void> {
      const all = await ctx.readSide.entities(ctx.tenant, {});
      const byId = new Map(all.map((e) => [e.id, e]));
      for (const check of BUILTIN_CHECKS) {
        const targets = all.filter((e) => e.type === check.entityType && e.online);
        if (!targets.length) continue;
        const values = await metricSnapshot(ctx.storage, ctx.tenant, check.metric, check.windowMs, {
          attributes: check.attributes,
          aggregation: check.aggregation,
          entityIds: targets.map((e) => e.id),
          now,
        });
        const byEntity = new Map(values.map((v) => [v.entityId, v.value]));
        for (const e of targets) {
          const v = byEntity.get(e.id);
          const key = `${check.kind}\0${e.id}`;
          if (v !== undefined && v >= check.open && !open.has(key))
            await raise(
              key,
              e,
              check.kind,
              check.severity,
              check.title,
              check.text(v),
              check.evidence,
              now,
              await saturatedSince(check, e, now),
            );
          else if (v === undefined || v < check.close) await clear(key, now);
        }
      }
      // filesystems predicted full within 24 h (trend of the last 6 hours), every 5 minutes
      if (now - trendAt > 5 * 60_000) {
        trendAt = now;
        const trends = await metricTrend(ctx.storage, ctx.tenant, 'system.filesystem.utilization', 6 * 3_600_000, now);
        const worst = new Map<string, { h: number; mount: string }>();
        for (const t of trends) {
          const h = hoursToFull(t.last, t.slopePerHour);
          if (h < (worst.get(t.entityId)?.h ?? Infinity)) worst.set(t.entityId, { h, mount: t.attributes.mountpoint ?? '' });
        }
        for (const e of all.filter((x) => x.type === 'host')) {
          const w = worst.get(e.id);
          const key = `filesystem-filling\0${e.id}`;
          if (w && w.h < 24)
            await raise(
              key,
              e,
              'filesystem-filling',
              'warning',
              'filesystem predicted full',
              `${w.mount || 'a filesystem'} predicted full in ${w.h.toFixed(1)} h at its 6-hour trend`,
              'disk',
              now,
            );
          else await clear(key, now);
        }
      }
      // hosts and technologies that stop reporting are an outage; processes and containers stopping are changes
      for (const e of all) {
        if (!OFFLINE_ISSUE_TYPES(e.type)) continue;
        const key = `offline\0${e.id}`;
        if (!e.online && e.lastSeen !== null && now - e.lastSeen < 3_600_000) {
          await raise(
            key,
            e,
            'entity-offline',
            e.type === 'host' ? 'critical' : 'warning',
            'offline',
            e.gone ? 'went away (its agent reported it gone)' : 'stopped reporting',
            'offline',
            now,
          );
        } else if (e.online) await clear(key, now);
      }
      await changes(byId, now);
    },
    /** open built-in issue keys (tests, status) */
    open,
  };
}

/**
 * Entity bookkeeping for POST /v1/agent/entities. Several owners (the agent itself, each sensor slot) may
 * contribute to the same entity id; their attributes are merged. Snapshots are sent when their merged
 * content changed and all of them every refreshMs; the ids alive are sent with every post and at least every
 * heartbeatMs; an id nobody contributes any more is reported `gone`. Contributions not renewed for
 * 3 x refreshMs expire silently (the entity is no longer monitored, which is not the same as gone).
 */
import type { EntitiesBodyInput } from '@argus/api';
import type { Attributes, EntitySnapshot, SensorEvent } from '@argus/sensor-kit';

/**
 * The body of POST /v1/agent/entities: the wire format is declared once in @argus/api (the collector validates
 * it with that schema); this is it with every list present, in the sensor kit's types.
 */
export type EntitiesBody = EntitiesBodyInput & {
  snapshots: EntitySnapshot[];
  alive: string[];
  gone: string[];
  events: Array<SensorEvent & { time: number }>;
};

export interface EntityTracker {
  put(owner: string, snapshots: EntitySnapshot[], now?: number): void;
  ownerGone(owner: string): void;
  event(e: SensorEvent, now?: number): void;
  /** the body to post now, or undefined when nothing is due */
  due(now: number): EntitiesBody | undefined;
  snapshot(id: string): EntitySnapshot | undefined;
  ids(): string[];
}

interface Contribution {
  snap: EntitySnapshot;
  at: number;
}

const MAX_EVENTS = 500;

export function createEntityTracker(opts: {
  agentId: string;
  hostEntityId: string;
  refreshMs: number;
  heartbeatMs: number;
  /**
   * nothing is posted before this time (ms since epoch): the agent announces the host before its sensor has read
   * what the host is, and a first post without the sensor's attributes made every agent start a configuration
   * change of the host a second later (a "recent change" in root-cause ranking for half an hour)
   */
  firstPostAt?: number;
}): EntityTracker {
  /** id -> owner -> contribution */
  const byId = new Map<string, Map<string, Contribution>>();
  const sentDigest = new Map<string, string>();
  const dirty = new Set<string>();
  const gone = new Set<string>();
  let events: Array<SensorEvent & { time: number }> = [];
  let lastRefresh = 0;
  let lastPost = 0;

  const merged = (id: string): EntitySnapshot | undefined => {
    const owners = byId.get(id);
    if (!owners || owners.size === 0) return undefined;
    const parts = [...owners.values()].sort((a, b) => a.at - b.at).map((c) => c.snap);
    const base = parts[parts.length - 1];
    const attributes: Attributes = {};
    for (const p of parts) Object.assign(attributes, p.attributes);
    const parentId = parts
      .map((p) => p.parentId)
      .filter(Boolean)
      .pop();
    return { id, type: base.type, name: base.name, ...(parentId ? { parentId } : {}), attributes };
  };

  const removeOwner = (id: string, owner: string) => {
    const owners = byId.get(id);
    if (!owners?.delete(owner)) return;
    if (owners.size === 0) {
      byId.delete(id);
      sentDigest.delete(id);
      dirty.delete(id);
      gone.add(id);
    } else dirty.add(id);
  };

  const expire = (now: number) => {
    const limit = now - 3 * opts.refreshMs;
    for (const [id, owners] of byId) {
      for (const [owner, c] of owners) if (c.at < limit && !owner.startsWith('agent')) owners.delete(owner);
      if (owners.size === 0) {
        byId.delete(id);
        sentDigest.delete(id);
      }
    }
  };

  return {
    put(owner, snapshots, now = Date.now()) {
      for (const snap of snapshots) {
        let owners = byId.get(snap.id);
        if (!owners) byId.set(snap.id, (owners = new Map<string, Contribution>()));
        owners.set(owner, { snap, at: owners.get(owner)?.at ?? now });
        owners.get(owner)!.at = now;
        gone.delete(snap.id);
        dirty.add(snap.id);
      }
    },
    ownerGone(owner) {
      for (const [id, owners] of [...byId]) if (owners.has(owner)) removeOwner(id, owner);
    },
    event(e, now = Date.now()) {
      events.push({ ...e, time: now });
      if (events.length > MAX_EVENTS) events = events.slice(-MAX_EVENTS);
    },
    due(now) {
      if (lastPost === 0 && opts.firstPostAt !== undefined && now < opts.firstPostAt) return undefined;
      const refresh = now - lastRefresh >= opts.refreshMs;
      const snapshots: EntitySnapshot[] = [];
      if (refresh) {
        expire(now);
        lastRefresh = now;
        for (const id of byId.keys()) dirty.add(id);
      }
      for (const id of dirty) {
        const s = merged(id);
        if (!s) continue;
        const digest = JSON.stringify(s);
        if (!refresh && sentDigest.get(id) === digest) continue;
        sentDigest.set(id, digest);
        snapshots.push(s);
      }
      dirty.clear();
      const heartbeat = now - lastPost >= opts.heartbeatMs;
      if (!snapshots.length && !gone.size && !events.length && !heartbeat) return undefined;
      lastPost = now;
      const body: EntitiesBody = {
        agentId: opts.agentId,
        hostEntityId: opts.hostEntityId,
        time: now,
        snapshots,
        alive: [...byId.keys()],
        gone: [...gone],
        events,
      };
      gone.clear();
      events = [];
      return body;
    },
    snapshot: merged,
    ids: () => [...byId.keys()],
  };
}

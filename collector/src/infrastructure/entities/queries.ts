import type { Entity, EntityChange, EntityEvent } from '@argus/api';
import type { Storage } from '../../storage/storage.js';

/** @deprecated name: the API's `Entity` */
export type EntityView = Entity;

type Attributes = Entity['attributes'];
const attributesOf = (json: string): Attributes => JSON.parse(json || '{}') as Attributes;

interface Row {
  entity_id: string;
  type: string;
  name: string;
  parent_id: string;
  attributes: string;
  agent_id: string;
  host_entity_id: string;
  updated_ms: string;
}

const LATEST = `SELECT entity_id, argMax(type, version) AS type, argMax(name, version) AS name, argMax(parent_id, version) AS parent_id,
  argMax(attributes, version) AS attributes, argMax(agent_id, version) AS agent_id, argMax(host_entity_id, version) AS host_entity_id,
  toString(toUnixTimestamp64Milli(max(updated_at))) AS updated_ms
FROM entities WHERE tenant = {tenant:String}`;

export interface EntityFilter {
  ids?: string[];
  type?: string;
  q?: string;
  parent?: string;
  limit: number;
}

export function createEntityQueries(storage: Storage, offlineAfterMs: number) {
  async function liveness(tenant: string, ids: string[]): Promise<Map<string, { lastSeen: number; gone: boolean }>> {
    const out = new Map<string, { lastSeen: number; gone: boolean }>();
    if (!ids.length) return out;
    const rows = await storage.query<{ entity_id: string; last_seen_ms: string; gone: boolean | number }>(
      `SELECT entity_id, toString(toUnixTimestamp64Milli(max(time))) AS last_seen_ms, argMax(gone, time) AS gone
       FROM entity_heartbeats WHERE tenant = {tenant:String} AND entity_id IN {ids:Array(String)} GROUP BY entity_id`,
      { tenant, ids },
    );
    for (const r of rows) out.set(r.entity_id, { lastSeen: Number(r.last_seen_ms), gone: r.gone === true || r.gone === 1 });
    return out;
  }

  async function find(tenant: string, f: EntityFilter): Promise<Entity[]> {
    const having: string[] = [];
    const params: Record<string, unknown> = { tenant, limit: f.limit };
    let where = '';
    if (f.ids) {
      where = ' AND entity_id IN {ids:Array(String)}';
      params.ids = f.ids;
    }
    if (f.type) {
      having.push('type = {type:String}');
      params.type = f.type;
    }
    if (f.parent) {
      having.push('parent_id = {parent:String}');
      params.parent = f.parent;
    }
    if (f.q) {
      having.push(
        '(positionCaseInsensitive(name, {q:String}) > 0 OR positionCaseInsensitive(entity_id, {q:String}) > 0 OR positionCaseInsensitive(attributes, {q:String}) > 0)',
      );
      params.q = f.q;
    }
    const rows = await storage.query<Row>(
      `${LATEST}${where} GROUP BY entity_id ${having.length ? `HAVING ${having.join(' AND ')}` : ''} ORDER BY type, name, entity_id LIMIT {limit:UInt32}`,
      params,
    );
    const live = await liveness(
      tenant,
      rows.map((r) => r.entity_id),
    );
    const now = Date.now();
    return rows.map((r) => {
      const l = live.get(r.entity_id);
      return {
        id: r.entity_id,
        type: r.type,
        name: r.name,
        parentId: r.parent_id || null,
        attributes: attributesOf(r.attributes),
        agentId: r.agent_id,
        hostEntityId: r.host_entity_id,
        updatedAt: Number(r.updated_ms),
        lastSeen: l ? l.lastSeen : null,
        gone: l?.gone ?? false,
        online: !!l && !l.gone && now - l.lastSeen <= offlineAfterMs,
      };
    });
  }

  async function events(tenant: string, f: { entity?: string; from: number; to: number; limit: number }): Promise<EntityEvent[]> {
    const rows = await storage.query<{
      time_ms: string;
      entity_id: string;
      agent_id: string;
      severity: string;
      code: string;
      message: string;
    }>(
      `SELECT toString(toUnixTimestamp64Milli(time)) AS time_ms, entity_id, agent_id, severity, code, message FROM entity_events
       WHERE tenant = {tenant:String} ${f.entity ? 'AND entity_id = {entity:String}' : ''}
         AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
       ORDER BY time DESC LIMIT {limit:UInt32}`,
      { tenant, entity: f.entity ?? '', from: f.from, to: f.to, limit: f.limit },
    );
    return rows.map((r) => ({
      time: Number(r.time_ms),
      entityId: r.entity_id,
      agentId: r.agent_id,
      severity: r.severity,
      code: r.code,
      message: r.message,
    }));
  }

  async function changes(tenant: string, id: string, limit: number): Promise<EntityChange[]> {
    const rows = await storage.query<{ time_ms: string; name: string; parent_id: string; attributes: string }>(
      `SELECT toString(toUnixTimestamp64Milli(time)) AS time_ms, name, parent_id, attributes FROM entity_changes
       WHERE tenant = {tenant:String} AND entity_id = {id:String} ORDER BY time DESC LIMIT {limit:UInt32}`,
      { tenant, id, limit },
    );
    return rows.map((r) => ({
      time: Number(r.time_ms),
      name: r.name,
      parentId: r.parent_id || null,
      attributes: attributesOf(r.attributes),
    }));
  }

  return { find, events, changes };
}

export type EntityQueries = ReturnType<typeof createEntityQueries>;

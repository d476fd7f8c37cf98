import type { Entity, EntityChange, EntityEvent, InfrastructureMapEntity } from '@argus/api';
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

  /**
   * Every entity reported since `since`, compact (no attributes but a host's zone and tags), for the
   * infrastructure map: one query over the latest snapshots joined with the last heartbeats.
   */
  async function mapRows(tenant: string, f: { since: number; limit: number }): Promise<InfrastructureMapEntity[]> {
    const rows = await storage.query<{
      entity_id: string;
      type: string;
      name: string;
      parent_id: string;
      host_entity_id: string;
      zone: string;
      tags: Array<[string, string]>;
      last_seen_ms: string;
      gone: boolean | number;
    }>(
      `SELECT e.entity_id AS entity_id, e.type AS type, e.name AS name, e.parent_id AS parent_id, e.host_entity_id AS host_entity_id,
         if(e.type = 'host', coalesce(nullIf(JSONExtractString(e.attributes, 'argus.zone'), ''), JSONExtractString(e.attributes, 'cloud.availability_zone')), '') AS zone,
         if(e.type = 'host', arrayFilter(kv -> startsWith(kv.1, 'argus.tag.'), JSONExtractKeysAndValues(e.attributes, 'String')), []) AS tags,
         toString(toUnixTimestamp64Milli(h.last_seen)) AS last_seen_ms, h.gone AS gone
       FROM (
         SELECT entity_id, argMax(type, version) AS type, argMax(name, version) AS name, argMax(parent_id, version) AS parent_id,
           argMax(host_entity_id, version) AS host_entity_id, argMax(attributes, version) AS attributes
         FROM entities WHERE tenant = {tenant:String} GROUP BY entity_id
       ) AS e
       INNER JOIN (
         SELECT entity_id, max(time) AS last_seen, argMax(gone, time) AS gone FROM entity_heartbeats
         WHERE tenant = {tenant:String} GROUP BY entity_id HAVING last_seen >= fromUnixTimestamp64Milli({since:Int64})
       ) AS h ON h.entity_id = e.entity_id
       ORDER BY e.type, e.name, e.entity_id LIMIT {limit:UInt32}`,
      { tenant, since: f.since, limit: f.limit },
    );
    const now = Date.now();
    return rows.map((r) => {
      const lastSeen = Number(r.last_seen_ms);
      const gone = r.gone === true || r.gone === 1;
      return {
        id: r.entity_id,
        type: r.type,
        name: r.name,
        parentId: r.parent_id || null,
        hostEntityId: r.host_entity_id,
        lastSeen,
        gone,
        online: !gone && now - lastSeen <= offlineAfterMs,
        zone: r.zone,
        tags: Object.fromEntries(r.tags.map(([k, v]) => [k.slice('argus.tag.'.length), v])),
      };
    });
  }

  return { find, events, changes, mapRows };
}

export type EntityQueries = ReturnType<typeof createEntityQueries>;

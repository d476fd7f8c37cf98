import { createHash } from 'node:crypto';
import type { CollectorDeps } from '../../module.js';
import { createBatchWriter, type BatchWriter } from '../../storage/batch-writer.js';
import { tsvMillis, tsvString } from '../../storage/tsv.js';
import type { EntitiesBody, EntitySnapshotBody as SnapshotInput } from '@argus/api';

const ENTITY_COLUMNS = [
  'tenant',
  'entity_id',
  'type',
  'name',
  'parent_id',
  'attributes',
  'hash',
  'agent_id',
  'host_entity_id',
  'updated_at',
  'version',
];
const CHANGE_COLUMNS = ['tenant', 'entity_id', 'time', 'type', 'name', 'parent_id', 'attributes', 'hash', 'agent_id'];
const HEARTBEAT_COLUMNS = ['tenant', 'entity_id', 'agent_id', 'time', 'gone'];
const EVENT_COLUMNS = ['tenant', 'time', 'entity_id', 'agent_id', 'severity', 'code', 'message'];
const CACHE_LIMIT = 200_000;
/** unchanged snapshots are rewritten this often so the entities TTL only drops entities nobody reports */
const REWRITE_MS = 24 * 3_600_000;

/** Canonical JSON (sorted keys) so equal snapshots hash equally whatever the agent's key order. */
export function canonicalAttributes(a: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(a).sort()) sorted[k] = a[k];
  return JSON.stringify(sorted);
}

export function snapshotHash(s: SnapshotInput): string {
  return createHash('sha1')
    .update(`${s.type}\0${s.name}\0${s.parentId ?? ''}\0${canonicalAttributes(s.attributes)}`)
    .digest('hex');
}

export interface EntityStore {
  /** stores one agent report; resolves when durable; returns the number of accepted items */
  ingest(tenant: string, body: EntitiesBody): Promise<number>;
  close(): Promise<void>;
}

export function createEntityStore(deps: CollectorDeps): EntityStore {
  const common = {
    flushMs: deps.config.batchFlushMs,
    maxPendingRows: deps.config.maxPendingRows,
    maxPendingBytes: deps.config.maxPendingBytes,
    log: deps.log,
    telemetry: deps.telemetry,
  };
  const writers: Record<'entities' | 'changes' | 'heartbeats' | 'events', BatchWriter> = {
    entities: createBatchWriter(deps.storage, { table: 'entities', columns: ENTITY_COLUMNS, ...common }),
    changes: createBatchWriter(deps.storage, { table: 'entity_changes', columns: CHANGE_COLUMNS, ...common }),
    heartbeats: createBatchWriter(deps.storage, { table: 'entity_heartbeats', columns: HEARTBEAT_COLUMNS, ...common }),
    events: createBatchWriter(deps.storage, { table: 'entity_events', columns: EVENT_COLUMNS, ...common }),
  };
  /** last stored hash (and when) per tenant/entity: most reports repeat unchanged snapshots, so they cost no insert */
  const known = new Map<string, { hash: string; at: number }>();
  const remember = (key: string, v: { hash: string; at: number }) => {
    known.delete(key);
    known.set(key, v);
    if (known.size > CACHE_LIMIT) known.delete(known.keys().next().value as string);
  };

  async function previousHashes(tenant: string, ids: string[]): Promise<Map<string, { hash: string; at: number }>> {
    const out = new Map<string, { hash: string; at: number }>();
    const missing = ids.filter((id) => {
      const h = known.get(`${tenant}\0${id}`);
      if (h !== undefined) out.set(id, h);
      return h === undefined;
    });
    if (missing.length) {
      const rows = await deps.storage.query<{ entity_id: string; hash: string; at: number }>(
        `SELECT entity_id, argMax(hash, version) AS hash, toFloat64(max(version)) AS at
         FROM entities WHERE tenant = {tenant:String} AND entity_id IN {ids:Array(String)} GROUP BY entity_id`,
        { tenant, ids: missing },
      );
      for (const r of rows) out.set(r.entity_id, { hash: r.hash, at: r.at });
    }
    return out;
  }

  return {
    async ingest(tenant, body) {
      const now = Date.now();
      const t = tsvString(tenant);
      const agent = tsvString(body.agentId);
      const prev = await previousHashes(
        tenant,
        body.snapshots.map((s) => s.id),
      );
      let entities = '';
      let changes = '';
      let events = '';
      let nChanged = 0;
      let nEvents = 0;
      const event = (time: number, entityId: string, severity: string, code: string, message: string) => {
        events += `${t}\t${tsvMillis(time)}\t${tsvString(entityId)}\t${agent}\t${severity}\t${tsvString(code)}\t${tsvString(message)}\n`;
        nEvents++;
      };
      const changedKeys: [string, { hash: string; at: number }][] = [];
      let nEntities = 0;
      for (const s of body.snapshots) {
        const hash = snapshotHash(s);
        const before = prev.get(s.id);
        const same = before?.hash === hash;
        if (same && body.time - before.at < REWRITE_MS) continue;
        const attrs = tsvString(canonicalAttributes(s.attributes));
        const common = `${tsvString(s.type)}\t${tsvString(s.name)}\t${tsvString(s.parentId ?? '')}\t${attrs}\t${hash}`;
        entities += `${t}\t${tsvString(s.id)}\t${common}\t${agent}\t${tsvString(body.hostEntityId)}\t${tsvMillis(body.time)}\t${body.time}\n`;
        nEntities++;
        changedKeys.push([`${tenant}\0${s.id}`, { hash, at: body.time }]);
        if (same) continue; // a periodic rewrite, not a change
        changes += `${t}\t${tsvString(s.id)}\t${tsvMillis(body.time)}\t${common}\t${agent}\n`;
        nChanged++;
        if (before === undefined) event(body.time, s.id, 'info', 'ENTITY_DISCOVERED', `${s.type} ${s.name} discovered`);
        else event(body.time, s.id, 'info', 'ENTITY_CHANGED', `${s.type} ${s.name} changed`);
      }
      const alive = new Set([...body.alive, ...body.snapshots.map((s) => s.id)]);
      const gone = new Set(body.gone);
      let heartbeats = '';
      let nBeats = 0;
      const beat = (id: string, isGone: boolean) => {
        heartbeats += `${t}\t${tsvString(id)}\t${agent}\t${tsvMillis(now)}\t${isGone}\n`;
        nBeats++;
      };
      for (const id of alive) if (!gone.has(id)) beat(id, false);
      for (const id of gone) {
        beat(id, true);
        event(body.time, id, 'info', 'ENTITY_GONE', `${id} is gone`);
      }
      for (const e of body.events) event(e.time, e.entityId ?? body.hostEntityId, e.severity, e.code, e.message);
      await Promise.all([
        writers.entities.write(entities, nEntities),
        writers.changes.write(changes, nChanged),
        writers.heartbeats.write(heartbeats, nBeats),
        writers.events.write(events, nEvents),
      ]);
      for (const [k, h] of changedKeys) remember(k, h);
      return body.snapshots.length + body.alive.length + body.gone.length + body.events.length;
    },
    async close() {
      await Promise.all(Object.values(writers).map((w) => w.close()));
    },
  };
}

import { ArgusError } from '../../errors.js';
import type { Storage } from '../../storage/storage.js';
import { tsvMillis, tsvString } from '../../storage/tsv.js';
import { channelOf } from '../channels/registry.js';
import { alertChannelBase, type AlertChannelView } from '@argus/api';
import { parseOr400 } from '../rules/blueprints.js';
import { createReloadGuard, createVersionClock, newId } from './ids.js';

export interface StoredChannel {
  id: string;
  tenant: string;
  type: string;
  name: string;
  notifyBuiltIn: boolean;
  options: Record<string, unknown>;
  updatedAt: number;
}

interface Row {
  tenant: string;
  id: string;
  name: string;
  type: string;
  options: string;
  notify_builtin: boolean | number;
  deleted: boolean | number;
  updated_ms: string;
}

const COLUMNS = ['tenant', 'id', 'name', 'type', 'options', 'notify_builtin', 'deleted', 'updated_at', 'version'];
export const REDACTED = '<redacted>';

/** Options with secret fields replaced by <redacted> (a Slack URL keeps its host so people recognise it). */
export function redactOptions(type: string, options: Record<string, unknown>): Record<string, unknown> {
  const out = { ...options };
  for (const f of channelOf(type).secretFields) if (out[f] !== undefined) out[f] = REDACTED;
  return out;
}

export const channelView = (c: StoredChannel): AlertChannelView => ({
  id: c.id,
  type: c.type,
  name: c.name,
  notifyBuiltIn: c.notifyBuiltIn,
  options: redactOptions(c.type, c.options),
  updatedAt: c.updatedAt,
});

/**
 * Alert channels in ClickHouse (alert_channels), cached in memory and reloaded every few seconds. Options are
 * validated by the channel type's schema; secrets given as <redacted> (from an export) keep the stored value.
 */
export function createChannelStore(storage: Storage) {
  let byId = new Map<string, StoredChannel>();
  const version = createVersionClock();
  const guard = createReloadGuard<StoredChannel>();

  async function load(): Promise<void> {
    byId = await guard.reload(() => read());
  }

  async function read(): Promise<Map<string, StoredChannel>> {
    const rows = await storage.query<Row>(
      `SELECT tenant, id, argMax(name, version) AS name, argMax(type, version) AS type, argMax(options, version) AS options,
         argMax(notify_builtin, version) AS notify_builtin, argMax(deleted, version) AS deleted,
         toString(toUnixTimestamp64Milli(max(updated_at))) AS updated_ms
       FROM alert_channels GROUP BY tenant, id`,
    );
    const next = new Map<string, StoredChannel>();
    for (const r of rows) {
      if (r.deleted === true || Number(r.deleted) === 1) continue;
      next.set(r.id, {
        id: r.id,
        tenant: r.tenant,
        type: r.type,
        name: r.name,
        notifyBuiltIn: r.notify_builtin === true || Number(r.notify_builtin) === 1,
        options: JSON.parse(r.options) as Record<string, unknown>,
        updatedAt: Number(r.updated_ms),
      });
    }
    return next;
  }

  async function write(c: StoredChannel, deleted = false): Promise<void> {
    const line = [
      tsvString(c.tenant),
      tsvString(c.id),
      tsvString(c.name),
      tsvString(c.type),
      tsvString(JSON.stringify(c.options)),
      c.notifyBuiltIn ? '1' : '0',
      deleted ? '1' : '0',
      tsvMillis(c.updatedAt),
      String(version()),
    ].join('\t');
    await storage.insertTsv('alert_channels', COLUMNS, line + '\n');
  }

  function validate(tenant: string, body: unknown, id: string, prior?: StoredChannel): StoredChannel {
    const b = parseOr400(alertChannelBase, body);
    const channel = channelOf(b.type);
    const rest: Record<string, unknown> = { ...b };
    delete rest.type;
    delete rest.name;
    delete rest.notifyBuiltIn;
    delete rest.id;
    if (prior && prior.type === b.type) {
      for (const f of channel.secretFields) if (rest[f] === REDACTED) rest[f] = prior.options[f];
    }
    const parsed = channel.optionsSchema.safeParse(rest);
    if (!parsed.success) {
      const msg = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'options'}: ${i.message}`);
      throw new ArgusError('ALERT_CHANNEL_INVALID', `invalid ${b.type} channel: ${msg.join('; ')}`, 400);
    }
    const options = (channel.prepare ? channel.prepare(parsed.data) : parsed.data) as Record<string, unknown>;
    return { id, tenant, type: b.type, name: b.name, notifyBuiltIn: b.notifyBuiltIn, options, updatedAt: Date.now() };
  }

  const get = (tenant: string, id: string) => {
    const c = byId.get(id);
    return c && c.tenant === tenant ? c : undefined;
  };
  const mustGet = (tenant: string, id: string) => {
    const c = get(tenant, id);
    if (!c) throw new ArgusError('ALERT_CHANNEL_NOT_FOUND', `no alert channel ${id}`, 404);
    return c;
  };

  return {
    load,
    get,
    mustGet,
    list: (tenant: string) => [...byId.values()].filter((c) => c.tenant === tenant).sort((a, b) => a.name.localeCompare(b.name)),
    byName: (tenant: string, name: string) => [...byId.values()].find((c) => c.tenant === tenant && c.name === name),
    async create(tenant: string, body: unknown, id = newId('ch')): Promise<StoredChannel> {
      const c = validate(tenant, body, id, get(tenant, id));
      await write(c);
      byId.set(c.id, c);
      guard.wrote(c.id, c);
      return c;
    },
    async update(tenant: string, id: string, body: unknown): Promise<StoredChannel> {
      const c = validate(tenant, body, id, mustGet(tenant, id));
      await write(c);
      byId.set(c.id, c);
      guard.wrote(c.id, c);
      return c;
    },
    async remove(tenant: string, id: string): Promise<void> {
      const c = mustGet(tenant, id);
      await write({ ...c, updatedAt: Date.now() }, true);
      byId.delete(id);
      guard.wrote(id, null);
    },
  };
}

export type ChannelStore = ReturnType<typeof createChannelStore>;

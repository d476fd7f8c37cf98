import { ArgusError } from '../../errors.js';
import type { Storage } from '../../storage/storage.js';
import { tsvMillis, tsvString } from '../../storage/tsv.js';
import { expandRule } from '../rules/blueprints.js';
import type { Rule, RuleConfig } from '../engine/rule-types.js';
import { createReloadGuard, createVersionClock, newId } from './ids.js';

interface Row {
  tenant: string;
  id: string;
  config: string;
  enabled: boolean | number;
  deleted: boolean | number;
  updated_ms: string;
}

const COLUMNS = ['tenant', 'id', 'name', 'enabled', 'config', 'deleted', 'updated_at', 'version'];
const truthy = (v: boolean | number) => v === true || Number(v) === 1;

/**
 * Alert rules in ClickHouse (alert_rules), full form as JSON, cached in memory. `checkChannels` rejects rules
 * naming channels that do not exist.
 */
export function createRuleStore(storage: Storage, checkChannels: (tenant: string, ids: string[]) => void) {
  let byId = new Map<string, Rule & { tenant: string }>();
  let generation = 0;
  const version = createVersionClock();
  const guard = createReloadGuard<Rule & { tenant: string }>();

  async function load(): Promise<void> {
    const next = await guard.reload(async () => {
      const rows = await storage.query<Row>(
        `SELECT tenant, id, argMax(config, version) AS config, argMax(enabled, version) AS enabled, argMax(deleted, version) AS deleted,
           toString(toUnixTimestamp64Milli(max(updated_at))) AS updated_ms
         FROM alert_rules GROUP BY tenant, id`,
      );
      const read = new Map<string, Rule & { tenant: string }>();
      for (const r of rows) {
        if (truthy(r.deleted)) continue;
        try {
          const cfg = expandRule(JSON.parse(r.config));
          read.set(r.id, { ...cfg, enabled: truthy(r.enabled), id: r.id, tenant: r.tenant, updatedAt: Number(r.updated_ms) });
        } catch {
          // a rule stored by a newer version with fields this one does not know: skipped, not lost
        }
      }
      return read;
    });
    const changed = next.size !== byId.size || [...next.values()].some((r) => byId.get(r.id)?.updatedAt !== r.updatedAt);
    byId = next;
    if (changed) generation++;
  }

  async function write(tenant: string, r: Rule, deleted = false): Promise<void> {
    const { id, updatedAt, ...config } = r;
    const line = [
      tsvString(tenant),
      tsvString(id),
      tsvString(r.name),
      r.enabled ? '1' : '0',
      tsvString(JSON.stringify(config)),
      deleted ? '1' : '0',
      tsvMillis(updatedAt),
      String(version()),
    ].join('\t');
    await storage.insertTsv('alert_rules', COLUMNS, line + '\n');
    generation++;
  }

  const get = (tenant: string, id: string) => {
    const r = byId.get(id);
    return r && r.tenant === tenant ? r : undefined;
  };
  const mustGet = (tenant: string, id: string) => {
    const r = get(tenant, id);
    if (!r) throw new ArgusError('ALERT_NOT_FOUND', `no alert ${id}`, 404);
    return r;
  };
  async function put(tenant: string, id: string, cfg: RuleConfig): Promise<Rule> {
    checkChannels(tenant, cfg.channels);
    const rule: Rule = { ...cfg, id, updatedAt: Date.now() };
    await write(tenant, rule);
    byId.set(id, { ...rule, tenant });
    guard.wrote(id, { ...rule, tenant });
    return rule;
  }

  return {
    load,
    get,
    mustGet,
    /** bumps whenever the set of rules changes (the evaluator rebuilds its plan then) */
    generation: () => generation,
    list: (tenant: string) => [...byId.values()].filter((r) => r.tenant === tenant).sort((a, b) => a.name.localeCompare(b.name)),
    all: () => [...byId.values()],
    byName: (tenant: string, name: string) => [...byId.values()].find((r) => r.tenant === tenant && r.name === name),
    create: (tenant: string, body: unknown, id = newId('al')) => put(tenant, id, expandRule(body)),
    async update(tenant: string, id: string, body: unknown) {
      mustGet(tenant, id);
      return put(tenant, id, expandRule(body));
    },
    async setEnabled(tenant: string, id: string, enabled: boolean) {
      const { tenant: _t, ...r } = mustGet(tenant, id);
      return put(tenant, id, { ...r, enabled });
    },
    async remove(tenant: string, id: string): Promise<void> {
      const { tenant: _t, ...r } = mustGet(tenant, id);
      await write(tenant, { ...r, updatedAt: Date.now() }, true);
      byId.delete(id);
      guard.wrote(id, null);
    },
  };
}

export type RuleStore = ReturnType<typeof createRuleStore>;

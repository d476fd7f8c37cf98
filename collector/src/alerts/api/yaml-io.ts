import { stringify } from 'yaml';
import { parseYaml } from '@argus/yaml';
import { ArgusError } from '../../errors.js';
import { expandRule } from '../rules/blueprints.js';
import type { Rule } from '../engine/rule-types.js';
import { REDACTED, redactOptions, type ChannelStore } from '../store/channel-store.js';
import type { RuleStore } from '../store/rule-store.js';

/**
 * Alerts as code: every channel and alert of a tenant as one YAML document. Alerts name their channels by name,
 * so a file moves between installations; secrets are <redacted> unless asked for (an import keeps the stored
 * secret for a redacted value).
 */
export function exportYaml(tenant: string, channels: ChannelStore, rules: RuleStore, secrets: boolean): string {
  const names = new Map(channels.list(tenant).map((c) => [c.id, c.name]));
  const doc = {
    apiVersion: 'argus/v1',
    kind: 'AlertConfiguration',
    channels: channels.list(tenant).map((c) => ({
      name: c.name,
      type: c.type,
      notifyBuiltIn: c.notifyBuiltIn,
      ...(secrets ? c.options : redactOptions(c.type, c.options)),
    })),
    alerts: rules.list(tenant).map((r) => {
      const { id: _id, updatedAt: _u, tenant: _t, ...rest } = r;
      return { ...rest, channels: r.channels.map((id) => names.get(id) ?? id) };
    }),
  };
  return stringify(doc, { lineWidth: 0 });
}

export interface ImportResult {
  channels: { created: string[]; updated: string[]; deleted: string[] };
  alerts: { created: string[]; updated: string[]; deleted: string[] };
}

export async function importYaml(
  tenant: string,
  text: string,
  channels: ChannelStore,
  rules: RuleStore,
  mode: 'merge' | 'replace',
): Promise<ImportResult> {
  let doc: unknown;
  try {
    // the route bounds the text (2,000,000 characters, up to 3 bytes each)
    doc = parseYaml(text, { maxBytes: 6_000_000 });
  } catch (err) {
    throw new ArgusError('ALERT_IMPORT_INVALID', `not valid YAML: ${(err as Error).message}`, 400);
  }
  const d = (doc ?? {}) as { apiVersion?: unknown; channels?: unknown; alerts?: unknown };
  if (d.apiVersion !== 'argus/v1') throw new ArgusError('ALERT_IMPORT_INVALID', 'apiVersion must be argus/v1', 400);
  const chList = (Array.isArray(d.channels) ? d.channels : []) as Array<Record<string, unknown>>;
  const alList = (Array.isArray(d.alerts) ? d.alerts : []) as Array<Record<string, unknown>>;
  const out: ImportResult = { channels: { created: [], updated: [], deleted: [] }, alerts: { created: [], updated: [], deleted: [] } };
  // validate everything before writing anything: a bad file changes nothing
  const seen = new Set<string>();
  for (const [i, ch] of chList.entries()) {
    const name = typeof ch.name === 'string' ? ch.name : '';
    if (!name || seen.has(name)) throw new ArgusError('ALERT_IMPORT_INVALID', `channels[${i}]: every channel needs a unique name`, 400);
    seen.add(name);
    if (!channels.byName(tenant, name) && Object.values(ch).includes(REDACTED)) {
      throw new ArgusError('ALERT_IMPORT_INVALID', `channels[${i}] (${name}): a new channel needs its secrets, not ${REDACTED}`, 400);
    }
  }
  const channelIdOf = (name: string) => channels.byName(tenant, name)?.id;
  for (const [i, a] of alList.entries()) {
    for (const n of (a.channels ?? []) as string[]) {
      if (!seen.has(n) && !channelIdOf(n)) throw new ArgusError('ALERT_IMPORT_INVALID', `alerts[${i}]: unknown channel '${n}'`, 400);
    }
    try {
      expandRule({ ...a, channels: [] });
    } catch (err) {
      throw new ArgusError(
        'ALERT_IMPORT_INVALID',
        `alerts[${i}] (${typeof a.name === 'string' ? a.name : '?'}): ${(err as Error).message}`,
        400,
      );
    }
  }
  for (const ch of chList) {
    const prior = channels.byName(tenant, ch.name as string);
    if (prior) {
      await channels.update(tenant, prior.id, ch);
      out.channels.updated.push(prior.name);
    } else {
      await channels.create(tenant, ch);
      out.channels.created.push(ch.name as string);
    }
  }
  const names = new Set<string>();
  for (const a of alList) {
    const body = { ...a, channels: ((a.channels ?? []) as string[]).map((n) => channelIdOf(n) ?? n) };
    const name = typeof a.name === 'string' ? a.name : '';
    names.add(name);
    const prior = rules.byName(tenant, name);
    if (prior) {
      await rules.update(tenant, prior.id, body);
      out.alerts.updated.push(name);
    } else {
      await rules.create(tenant, body);
      out.alerts.created.push(name);
    }
  }
  if (mode === 'replace') {
    for (const r of rules.list(tenant) as Rule[]) {
      if (names.has(r.name)) continue;
      await rules.remove(tenant, r.id);
      out.alerts.deleted.push(r.name);
    }
    for (const c of channels.list(tenant)) {
      if (seen.has(c.name)) continue;
      await channels.remove(tenant, c.id);
      out.channels.deleted.push(c.name);
    }
  }
  return out;
}

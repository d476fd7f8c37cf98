import type { Storage } from '../../storage/storage.js';
import { tsvString } from '../../storage/tsv.js';
import type { CallRow } from './types.js';

/**
 * Applies the endpoint cap to inferred services (a database, queue or external host has no entry spans, so the
 * view-side cap never sees their endpoints): endpoints are admitted into `endpoint_registry` while the service
 * is under the cap, later new ones become `other`. Admission is permanent, so re-running a trace gives the
 * same rows (the resolver's diff stays exact).
 */
export async function capInferredEndpoints(storage: Storage, rows: CallRow[], cap: number): Promise<void> {
  const inferred = rows.filter((r) => r.calleeType !== 'service');
  if (inferred.length === 0) return;
  const key = (tenant: string, service: string) => `${tenant}\u0001${service}`;
  const pairs = [...new Map(inferred.map((r) => [key(r.tenant, r.calleeService), r])).values()];
  const known = await storage.query<{ tenant: string; service: string; endpoint: string }>(
    `SELECT tenant, service, endpoint FROM endpoint_registry
     WHERE (tenant, service) IN (SELECT p.1, p.2 FROM (SELECT arrayJoin(arrayZip({t:Array(String)}, {s:Array(String)})) AS p))
     GROUP BY tenant, service, endpoint`,
    { t: pairs.map((r) => r.tenant), s: pairs.map((r) => r.calleeService) },
  );
  const sets = new Map<string, Set<string>>();
  for (const k of known)
    (sets.get(key(k.tenant, k.service)) ?? sets.set(key(k.tenant, k.service), new Set()).get(key(k.tenant, k.service))!).add(k.endpoint);
  let body = '';
  const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
  for (const r of inferred) {
    const k = key(r.tenant, r.calleeService);
    const set = sets.get(k) ?? sets.set(k, new Set()).get(k)!;
    if (set.has(r.calleeEndpoint)) continue;
    if (set.size < cap) {
      set.add(r.calleeEndpoint);
      body += `${tsvString(r.tenant)}\t${tsvString(r.calleeService)}\t${tsvString(r.calleeEndpoint)}\t${now}\n`;
    } else {
      r.calleeEndpoint = 'other';
    }
  }
  if (body) await storage.insertTsv('endpoint_registry', ['tenant', 'service', 'endpoint', 'first_seen'], body);
}

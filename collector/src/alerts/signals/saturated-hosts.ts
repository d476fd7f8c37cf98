import type { Storage } from '../../storage/storage.js';
import { PRE_EXISTING_MS } from '../correlation/root-cause.js';
import { BUILTIN_CHECKS } from '../engine/builtin.js';
import { metricSnapshot } from './metric-snapshot.js';

/** the window an incident's correlation looks at a host's CPU over (the built-in issue waits for 20 s) */
export const NOW_WINDOW_MS = 10_000;

export interface SaturatedHost {
  entityId: string;
  /** CPU busy, 0-1, over the last NOW_WINDOW_MS */
  value: number;
  /** since when: the window's start, or PRE_EXISTING_MS earlier when the host was already busy before it */
  since: number;
}

/**
 * Hosts whose CPU is saturated now (the built-in check's open level over the last 10 s), for an incident's
 * correlation. The built-in host issue needs 20 s of saturation and runs on the slow tick, so an incident opened by
 * starved services would otherwise name the host only on a later refresh; the first message names it now. A host
 * already at the check's close level over the PRE_EXISTING_MS before is dated from then: busy all along, it does
 * not explain what changed now (root-cause.ts).
 */
export async function saturatedHosts(storage: Storage, tenant: string, now: number): Promise<SaturatedHost[]> {
  const check = BUILTIN_CHECKS.find((c) => c.kind === 'host-cpu-saturation')!;
  const opts = { attributes: check.attributes, aggregation: check.aggregation };
  const [current, before] = await Promise.all([
    metricSnapshot(storage, tenant, check.metric, NOW_WINDOW_MS, { ...opts, now }),
    metricSnapshot(storage, tenant, check.metric, PRE_EXISTING_MS, { ...opts, now: now - NOW_WINDOW_MS }),
  ]);
  const busyBefore = new Map(before.map((b) => [b.entityId, b.value >= check.close]));
  return current
    .filter((c) => c.value >= check.open)
    .map((c) => ({
      entityId: c.entityId,
      value: c.value,
      // no points before (seen only now): not new either, as for the built-in issue
      since: busyBefore.get(c.entityId) === false ? now - NOW_WINDOW_MS : now - PRE_EXISTING_MS - NOW_WINDOW_MS,
    }));
}

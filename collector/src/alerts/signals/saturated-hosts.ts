import type { Storage } from '../../storage/storage.js';
import { BUILTIN_CHECKS } from '../engine/builtin.js';
import { metricSnapshot } from './metric-snapshot.js';
import { saturationStart } from './saturation-start.js';

/** the window an incident's correlation looks at a host's CPU over (the built-in issue waits for 20 s) */
export const NOW_WINDOW_MS = 10_000;

export interface SaturatedHost {
  entityId: string;
  /** CPU busy, 0-1, over the last NOW_WINDOW_MS */
  value: number;
  /** since when, to the second (saturation-start.ts); long before when the host was busy all along */
  since: number;
}

/**
 * Hosts whose CPU is saturated now (the built-in check's open level over the last 10 s), for an incident's
 * correlation. The built-in host issue needs 20 s of saturation and runs on the slow tick, so an incident opened by
 * starved services would otherwise name the host only on a later refresh; the first message names it now. Each is
 * dated from when its saturation began (saturation-start.ts): busy all along, it does not explain what changed now,
 * and busy only since after the incident began, it did not cause it (root-cause.ts).
 */
export async function saturatedHosts(storage: Storage, tenant: string, now: number): Promise<SaturatedHost[]> {
  const check = BUILTIN_CHECKS.find((c) => c.kind === 'host-cpu-saturation')!;
  const opts = { attributes: check.attributes, aggregation: check.aggregation };
  const current = (await metricSnapshot(storage, tenant, check.metric, NOW_WINDOW_MS, { ...opts, now })).filter(
    (c) => c.value >= check.open,
  );
  const since = await saturationStart(
    storage,
    tenant,
    check,
    current.map((c) => c.entityId),
    now,
  );
  return current.map((c) => ({ entityId: c.entityId, value: c.value, since: since.get(c.entityId)! }));
}

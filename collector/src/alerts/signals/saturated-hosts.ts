import type { Storage } from '../../storage/storage.js';
import { BUILTIN_CHECKS } from '../engine/builtin.js';
import { checkPoints, saturationStart } from './saturation-start.js';

/** how far before the incident began (or before now, the later of the two) a host's CPU is looked at */
export const NOW_WINDOW_MS = 10_000;
/** a saturation that began inside the window counts once it has lasted this many 1-second points */
export const MIN_SATURATED_POINTS = 5;

export interface SaturatedHost {
  entityId: string;
  /** CPU busy, 0-1, over the saturation's 1-second points in the window */
  value: number;
  /** how many 1-second points that is */
  seconds: number;
  /** since when, to the second (saturation-start.ts); long before when the host was busy all along */
  since: number;
  /** when it ended (its last saturated second), if it is over: a hog that ended while the incident goes on */
  until?: number;
}

interface Run {
  entityId: string;
  value: number;
  seconds: number;
  start: number;
  end: number;
  /** the run starts at the window's first point: it may have begun before the window */
  leading: boolean;
  current: boolean;
}

/**
 * Hosts whose CPU was saturated around an incident, for its correlation: the built-in host issue needs 20 s of
 * saturation and runs on the slow tick, so an incident opened by starved services would otherwise name the host only
 * on a later refresh; the first message names it now.
 *
 * Judged on runs of 1-second points at or above the check's close level, from NOW_WINDOW_MS before the incident
 * began (or before now, if earlier) until now: a run counts when its points average the check's open level and are at
 * least MIN_SATURATED_POINTS (fewer only when the window holds no more), and the latest such run is the host's. An
 * average over the last 10 s missed a hog that began a few seconds before an incident opened (its calm seconds
 * pulled the average under the open level: one CI run named no host), and a view of "now" only lost a hog that ended
 * before a later refresh of the incident.
 *
 * Each is dated from when its saturation began (saturation-start.ts, looking back further when the run fills the start
 * of the window): busy all along, it does not explain what changed now, and busy only since after the incident began,
 * it did not cause it (root-cause.ts).
 */
export async function saturatedHosts(storage: Storage, tenant: string, now: number, startMs = now): Promise<SaturatedHost[]> {
  const check = BUILTIN_CHECKS.find((c) => c.kind === 'host-cpu-saturation')!;
  const { where, params } = checkPoints(check, tenant, Math.min(now, startMs) - NOW_WINDOW_MS, now);
  // per host, its 1-second points in time order (the host's series averaged per second, as the check takes them)
  const rows = await storage.query<{ entity_id: string; ts: Array<string | number>; vs: number[] }>(
    `SELECT entity_id, arrayMap(p -> p.1, s) AS ts, arrayMap(p -> p.2, s) AS vs
     FROM (SELECT entity_id, arraySort(groupArray((toUnixTimestamp64Milli(ts), v))) AS s
           FROM (SELECT entity_id, toStartOfSecond(timestamp) AS ts, ${check.aggregation === 'max' ? 'max' : 'avg'}(value) AS v
                 FROM metric_points WHERE ${where} GROUP BY entity_id, ts)
           GROUP BY entity_id)`,
    params,
  );
  const runs: Run[] = [];
  for (const r of rows) {
    const ts = r.ts.map(Number);
    const vs = r.vs.map(Number);
    let latest: Run | undefined;
    for (let i = 0; i < vs.length;) {
      if (vs[i] < check.close) {
        i++;
        continue;
      }
      let j = i;
      let sum = 0;
      for (; j < vs.length && vs[j] >= check.close; j++) sum += vs[j];
      const n = j - i;
      if (n >= Math.min(MIN_SATURATED_POINTS, vs.length) && sum / n >= check.open)
        latest = {
          entityId: r.entity_id,
          value: sum / n,
          seconds: n,
          start: ts[i],
          end: ts[j - 1],
          leading: i === 0,
          current: j === vs.length,
        };
      i = j;
    }
    if (latest) runs.push(latest);
  }
  // a run that fills the window's start may have begun before it: dated by the longer look back, from its last second
  // (one read for every run still going, the usual case of a host busy all along; one per run that ended)
  const going = runs.filter((r) => r.leading && r.current).map((r) => r.entityId);
  const goingSince = await saturationStart(storage, tenant, check, going, now);
  const out: SaturatedHost[] = [];
  for (const run of runs) {
    const since = !run.leading
      ? run.start
      : run.current
        ? goingSince.get(run.entityId)!
        : (await saturationStart(storage, tenant, check, [run.entityId], run.end + 1000)).get(run.entityId)!;
    out.push({ entityId: run.entityId, value: run.value, seconds: run.seconds, since, until: run.current ? undefined : run.end });
  }
  return out;
}

import { parseRange } from '../../query/params.js';
import { badRequest } from '../../errors.js';
import { kpiRange as pick, type KpiRange, type KpiResolution } from '../../query/resolution.js';

/**
 * @deprecated kept only until collector/src/alerts/signals/read-side.ts uses deps.queries.analytics; the
 * catalogue is query/resolution.ts and the SQL helpers are in kpi-sql.ts.
 */
export function kpiRange(q: (k: string) => string | undefined, now = Date.now()): KpiRange {
  const { from, to } = parseRange(q);
  const forced = q('resolution');
  if (forced && !['1s', '1m', '1h'].includes(forced)) throw badRequest('resolution must be 1s, 1m or 1h', 'INVALID_PARAM');
  return pick(from, to, now, forced as KpiResolution | undefined);
}
export type { KpiRange };
export { TS_FILTER } from './kpi-sql.js';

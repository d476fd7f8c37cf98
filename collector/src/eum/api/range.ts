import { eumRange } from '../../query/resolution.js';
import { parseRange } from '../../query/params.js';

/**
 * @deprecated kept only until collector/src/alerts/signals/read-side.ts uses deps.queries.websites; the
 * catalogue is query/resolution.ts and the SQL fragments are in vitals-sql.ts.
 */
export function rollupRange(q: (k: string) => string | undefined, now = Date.now()) {
  const { from, to } = parseRange(q);
  const r = eumRange(from, to, now, { retentionDays: 7, metricsRawRetentionHours: 24 });
  return { ...r, tier: { table: r.tier.tables[0], stepS: r.tier.stepS } };
}
export { RAW_WHERE, ROLLUP_WHERE } from './vitals-sql.js';

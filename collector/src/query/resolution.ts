import { ArgusError } from '../errors.js';

/**
 * The one range/resolution catalogue of the read side: every rollup family (endpoint/edge KPIs, entity metrics,
 * EUM), its tables, bucket widths and the TTL each table keeps, and the rule that picks the table a range reads.
 * The TTLs are the ones the migrations write (fixed, or from ARGUS_RETENTION_DAYS / ARGUS_METRICS_RAW_RETENTION_HOURS);
 * resolution.test.ts reads the migrations and fails when one of them and this catalogue disagree.
 */

export interface RetentionSettings {
  retentionDays: number;
  metricsRawRetentionHours: number;
}

/** How long a table keeps rows: a fixed time, or a multiple of a retention setting. */
export type Ttl = { fixedMs: number } | { setting: keyof RetentionSettings; factor: number };

export interface TierSpec<N extends string> {
  name: N;
  /** bucket width, seconds */
  stepS: number;
  /** the tables of this tier (all share the TTL) */
  tables: readonly string[];
  ttl: Ttl;
}

export interface Tier<N extends string> extends TierSpec<N> {
  /** resolved TTL, ms */
  retentionMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const ROLLUPS = {
  /** endpoint and edge KPIs (analytics), chained views 1 s -> 1 min -> 1 h */
  kpi: [
    { name: '1s', stepS: 1, tables: ['endpoint_kpi_1s', 'edge_kpi_1s'], ttl: { fixedMs: 6 * HOUR } },
    { name: '1m', stepS: 60, tables: ['endpoint_kpi_1m', 'edge_kpi_1m'], ttl: { fixedMs: 35 * DAY } },
    { name: '1h', stepS: 3600, tables: ['endpoint_kpi_1h', 'edge_kpi_1h'], ttl: { fixedMs: 400 * DAY } },
  ],
  /** entity metrics: raw points and three rollups */
  metrics: [
    { name: 'raw', stepS: 1, tables: ['metric_points'], ttl: { setting: 'metricsRawRetentionHours', factor: HOUR } },
    { name: '10s', stepS: 10, tables: ['metric_rollup_10s'], ttl: { fixedMs: 7 * DAY } },
    { name: '1m', stepS: 60, tables: ['metric_rollup_1m'], ttl: { fixedMs: 30 * DAY } },
    { name: '1h', stepS: 3600, tables: ['metric_rollup_1h'], ttl: { fixedMs: 400 * DAY } },
  ],
  /** EUM beacon rollups */
  eum: [
    { name: '1s', stepS: 1, tables: ['eum_rollup_1s'], ttl: { setting: 'metricsRawRetentionHours', factor: HOUR } },
    { name: '1m', stepS: 60, tables: ['eum_rollup_1m'], ttl: { setting: 'retentionDays', factor: DAY } },
    { name: '1h', stepS: 3600, tables: ['eum_rollup_1h'], ttl: { setting: 'retentionDays', factor: 4 * DAY } },
  ],
} as const satisfies Record<string, ReadonlyArray<TierSpec<string>>>;

export type Family = keyof typeof ROLLUPS;
type TierName<F extends Family> = (typeof ROLLUPS)[F][number]['name'];

/** The tiers of a family, finest first, with their TTLs resolved for the configured retention. */
export function tiers<F extends Family>(family: F, settings: RetentionSettings): Array<Tier<TierName<F>>> {
  return ROLLUPS[family].map((t: TierSpec<string>) => ({
    ...t,
    retentionMs: 'fixedMs' in t.ttl ? t.ttl.fixedMs : settings[t.ttl.setting] * t.ttl.factor,
  })) as Array<Tier<TierName<F>>>;
}

/** Whether a tier still holds rows at `from`. */
const keeps = (t: { retentionMs: number }, from: number, now: number) => from >= now - t.retentionMs;

// ---- KPIs -------------------------------------------------------------------------------------------------

export type KpiResolution = TierName<'kpi'>;

export interface KpiRange {
  /** aligned to the resolution, ms since epoch, inclusive */
  from: number;
  /** aligned to the resolution, ms since epoch, exclusive */
  to: number;
  resolution: KpiResolution;
  stepMs: number;
  seconds: number;
  /**
   * Totals read the whole steps of the next coarser tier [c0, c1) from its table and only the partial steps at
   * both ends from this one (same sums, a fraction of the rows): a 1 s range reads whole minutes from the 1 min
   * table, a 1 min range whole hours from the 1 h table. Absent for the coarsest tier and a forced resolution
   * (a series needs every step of its own table).
   */
  coarse?: { resolution: KpiResolution; c0: number; c1: number };
}

/** The longest range each KPI tier serves by default: up to 3600 1 s steps, 2880 1 min steps. */
const KPI_MAX_RANGE_MS: Record<KpiResolution, number> = { '1s': HOUR, '1m': 48 * HOUR, '1h': Infinity };

/**
 * The KPI table for a range: the finest tier that serves a range that long and still holds `from` (1 s up to an
 * hour inside the last 6 h, 1 min up to two days inside 35 days, else 1 h), unless `forced`. Bounds widen to
 * whole steps.
 */
export function kpiRange(asked: number, to: number, now: number, forced?: KpiResolution): KpiRange {
  const all = tiers('kpi', { retentionDays: 0, metricsRawRetentionHours: 0 });
  // nothing is kept longer than the coarsest tier's TTL: a range reaching further back (e.g. from=0) starts there,
  // so it never builds one step per hour since 1970
  const from = Math.min(Math.max(asked, now - all[all.length - 1].retentionMs), to);
  const tier = forced
    ? all.find((t) => t.name === forced)!
    : (all.find((t) => to - from <= KPI_MAX_RANGE_MS[t.name] && keeps(t, from, now)) ?? all[all.length - 1]);
  const stepMs = tier.stepS * 1000;
  const f = Math.floor(from / stepMs) * stepMs;
  const t = Math.max(f + stepMs, Math.ceil((to + 1) / stepMs) * stepMs);
  const range: KpiRange = { from: f, to: t, resolution: tier.name, stepMs, seconds: (t - f) / 1000 };
  const next = all[all.indexOf(tier) + 1];
  if (forced || !next) return range;
  const coarseMs = next.stepS * 1000;
  let c0 = Math.ceil(f / coarseMs) * coarseMs;
  let c1 = Math.floor(t / coarseMs) * coarseMs;
  if (c0 >= c1) c0 = c1 = t;
  return { ...range, coarse: { resolution: next.name, c0, c1 } };
}

// ---- entity metrics ---------------------------------------------------------------------------------------

export type MetricTier = Tier<TierName<'metrics'>>;

export interface MetricResolution {
  source: MetricTier;
  /** bucket width of the answer, seconds (a multiple of the source's) */
  step: number;
}

/** "Nice" bucket widths (s); consecutive ones differ by at most 2.5x, so a range gets >= 40% of maxPoints. */
export const STEPS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * The smallest nice step giving at most `maxPoints` buckets over [from, to], read from the coarsest table whose
 * bucket divides the step and that still holds `from`: the fewest rows for exact answers (min, max, sum, count
 * and last values compose). A 10-minute window three days ago reads 10 s rollups.
 */
export function metricResolution(from: number, to: number, now: number, maxPoints: number, settings: RetentionSettings): MetricResolution {
  const all = tiers('metrics', settings);
  const rangeS = Math.max(1, (to - from) / 1000);
  let step = STEPS.find((s) => rangeS / s <= maxPoints) ?? Math.ceil(rangeS / maxPoints / 86400) * 86400;
  const source =
    all.filter((s) => keeps(s, from, now) && s.stepS <= step && step % s.stepS === 0).pop() ??
    all.find((s) => keeps(s, from, now)) ??
    all[all.length - 1];
  if (step < source.stepS || step % source.stepS !== 0) step = Math.ceil(step / source.stepS) * source.stepS;
  return { source, step };
}

// ---- EUM ----------------------------------------------------------------------------------------------------

export type EumTier = Tier<TierName<'eum'>>;

export interface EumRange {
  /** the range as asked, ms */
  from: number;
  to: number;
  /** the range read, seconds, widened to the tier's steps */
  fromS: number;
  toS: number;
  tier: EumTier;
}

/**
 * The coarsest EUM rollup whose step divides both ends of [from, to) (so counts are exact), else the finest one;
 * a tier that no longer holds `from` gives way to the next coarser one. Bounds widen to whole steps.
 */
export function eumRange(from: number, to: number, now: number, settings: RetentionSettings): EumRange {
  const all = tiers('eum', settings);
  const exact = [...all].reverse().find((t) => from % (t.stepS * 1000) === 0 && to % (t.stepS * 1000) === 0) ?? all[0];
  const tier = all.slice(all.indexOf(exact)).find((t) => keeps(t, from, now)) ?? all[all.length - 1];
  const step = tier.stepS * 1000;
  return { from, to, fromS: Math.floor(from / step) * tier.stepS, toS: Math.ceil(to / step) * tier.stepS, tier };
}

// ---- ranges ---------------------------------------------------------------------------------------------------

export interface TimeRange {
  from: number;
  to: number;
}

/** from/to with defaults: `to` = now, `from` = to - defaultMs; from after to is a 400. */
export function timeRange(q: { from?: number; to?: number }, defaultMs = HOUR, now = Date.now()): TimeRange {
  const to = q.to ?? now;
  const from = q.from ?? to - defaultMs;
  if (from > to) throw new ArgusError('INVALID_PARAM', 'from must not be after to', 400);
  return { from, to };
}

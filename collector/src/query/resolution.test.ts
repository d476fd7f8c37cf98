import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectMigrations } from '../storage/migrate.js';
import { eumRange, kpiRange, metricResolution, ROLLUPS, tiers, timeRange } from './resolution.js';

const NOW = Date.UTC(2026, 10, 26, 12);
const H = 3_600_000;
const settings = { retentionDays: 7, metricsRawRetentionHours: 48 };
const pick = (rangeMs: number, ageMs = 0) => {
  const r = metricResolution(NOW - ageMs - rangeMs, NOW - ageMs, NOW, 1000, settings);
  return { source: r.source.name, step: r.step, points: Math.ceil(rangeMs / 1000 / r.step) };
};

describe('metric series', () => {
  it('keeps every chart between about 300 and 1000 points per series', () => {
    expect(pick(10 * 60_000)).toEqual({ source: 'raw', step: 1, points: 600 });
    expect(pick(H)).toEqual({ source: 'raw', step: 5, points: 720 });
    expect(pick(24 * H)).toEqual({ source: '1m', step: 120, points: 720 });
    expect(pick(7 * 24 * H)).toEqual({ source: '1m', step: 900, points: 672 });
    expect(pick(30 * 24 * H - 60_000)).toEqual({ source: '1h', step: 3600, points: 720 });
    expect(pick(365 * 24 * H)).toEqual({ source: '1h', step: 43200, points: 730 });
    for (const range of [5 * 60_000, 3 * H, 12 * H, 2 * 24 * H, 14 * 24 * H, 90 * 24 * H]) {
      const p = pick(range);
      expect(p.points, `range ${range / H} h`).toBeGreaterThanOrEqual(300);
      expect(p.points, `range ${range / H} h`).toBeLessThanOrEqual(1000);
    }
  });

  it('never reads 1-second rows for a 7-day chart, and skips tables that no longer hold the range', () => {
    expect(pick(7 * 24 * H).source).not.toBe('raw');
    expect(pick(10 * 60_000, 3 * 24 * H)).toMatchObject({ source: '10s', step: 10 });
    expect(pick(H, 10 * 24 * H)).toMatchObject({ source: '1m', step: 60 });
    expect(pick(H, 60 * 24 * H)).toMatchObject({ source: '1h', step: 3600 });
  });
});

describe('KPI tables', () => {
  const M = 60_000;
  it('reads 1 s rows up to an hour inside 6 h, 1 min up to two days inside 35 days, else 1 h; widened to whole steps', () => {
    expect(kpiRange(NOW - H, NOW, NOW)).toMatchObject({ resolution: '1s', from: NOW - H, to: NOW + 1000, stepMs: 1000 });
    expect(kpiRange(NOW - H - 1, NOW, NOW).resolution).toBe('1m');
    expect(kpiRange(NOW - 7 * H, NOW - 6.5 * H, NOW).resolution).toBe('1m');
    expect(kpiRange(NOW - 48 * H, NOW, NOW)).toMatchObject({ resolution: '1m', coarse: { resolution: '1h', c0: NOW - 48 * H, c1: NOW } });
    expect(kpiRange(NOW - 49 * H, NOW, NOW).resolution).toBe('1h');
    expect(kpiRange(NOW - 36 * 24 * H, NOW - 35.9 * 24 * H, NOW).resolution).toBe('1h');
    const forced = kpiRange(NOW - 90 * M - 30_000, NOW - 30_000, NOW, '1m');
    expect(forced).toMatchObject({ from: NOW - 91 * M, to: NOW });
    expect(forced.coarse).toBeUndefined();
    // totals of a 1 s range read whole minutes from the 1 min table, the partial minutes at the ends from the 1 s one
    expect(kpiRange(NOW - 10 * M - 15_000, NOW - 20_000, NOW).coarse).toEqual({ resolution: '1m', c0: NOW - 10 * M, c1: NOW - M });
    // no whole minute inside: all from the 1 s table
    expect(kpiRange(NOW - 30_000, NOW - 10_000, NOW).coarse).toEqual({
      resolution: '1m',
      c0: NOW - 10_000 + 1000,
      c1: NOW - 10_000 + 1000,
    });
    expect(kpiRange(0, NOW, NOW).coarse).toBeUndefined();
  });
  it('starts a range that reaches past the longest TTL (from=0) at that TTL: at most 400 days of hourly steps', () => {
    const r = kpiRange(0, NOW, NOW);
    expect(r.resolution).toBe('1h');
    expect(r.from).toBe(Math.floor((NOW - 400 * 24 * H) / H) * H);
    expect((r.to - r.from) / r.stepMs).toBeLessThanOrEqual(400 * 24 + 1);
    expect(kpiRange(0, 1000, NOW)).toMatchObject({ from: 0, to: H });
  });
});

describe('EUM rollups', () => {
  it('reads the coarsest rollup whose step divides both ends, the finest otherwise, never one that no longer holds the range', () => {
    const s = { retentionDays: 7, metricsRawRetentionHours: 48 };
    expect(eumRange(NOW - 24 * H, NOW, NOW, s).tier.name).toBe('1h');
    expect(eumRange(NOW - 30 * 60_000, NOW, NOW, s).tier.name).toBe('1m');
    expect(eumRange(NOW - 30_500, NOW, NOW, s)).toMatchObject({ tier: { name: '1s' }, fromS: (NOW - 31_000) / 1000, toS: NOW / 1000 });
    // 1 s rows are kept ARGUS_METRICS_RAW_RETENTION_HOURS, 1 min rows ARGUS_RETENTION_DAYS
    expect(eumRange(NOW - 47 * H - 500, NOW - 46 * H, NOW, s).tier.name).toBe('1s');
    expect(eumRange(NOW - 49 * H - 500, NOW - 48 * H, NOW, s).tier.name).toBe('1m');
    expect(eumRange(NOW - 8 * 24 * H - 60_000, NOW - 8 * 24 * H, NOW, s).tier.name).toBe('1h');
  });
});

it('ranges default to the last hour (or another default) and refuse from after to', () => {
  expect(timeRange({}, undefined, NOW)).toEqual({ from: NOW - H, to: NOW });
  expect(timeRange({ to: NOW }, 24 * H, NOW)).toEqual({ from: NOW - 24 * H, to: NOW });
  expect(() => timeRange({ from: NOW, to: NOW - 1 })).toThrow(/from must not be after to/);
});

it('the catalogue states the TTL every rollup migration writes', () => {
  const src = fileURLToPath(new URL('..', import.meta.url));
  const dirs = ['storage/migrations', 'analytics/migrations', 'infrastructure/migrations', 'eum/migrations'].map((d) => src + d);
  for (const d of dirs) expect(readdirSync(d).length).toBeGreaterThan(0);
  const ttls = new Map<string, string>();
  for (const m of collectMigrations(dirs)) {
    for (const [, table, body] of m.sql.matchAll(/CREATE TABLE IF NOT EXISTS \{\{table:(\w+)\}\}([\s\S]*?)(?:;|$)/g)) {
      const ttl = /^TTL (.+)$/m.exec(body)?.[1].trim();
      if (ttl) ttls.set(table, ttl);
    }
  }
  const expected = (t: (typeof ROLLUPS)[keyof typeof ROLLUPS][number]) => {
    if ('fixedMs' in t.ttl) {
      const ms = t.ttl.fixedMs;
      return ms % (24 * H) === 0 ? `toIntervalDay(${ms / 24 / H})` : `toIntervalHour(${ms / H})`;
    }
    const macro = t.ttl.setting === 'retentionDays' ? 'retention_days' : 'metrics_raw_retention_hours';
    const unit = t.ttl.setting === 'retentionDays' ? 'Day' : 'Hour';
    const factor = t.ttl.factor / (t.ttl.setting === 'retentionDays' ? 24 * H : H);
    return `toInterval${unit}({{${macro}}}${factor === 1 ? '' : ` * ${factor}`})`;
  };
  let checked = 0;
  for (const family of Object.values(ROLLUPS)) {
    for (const tier of family) {
      for (const table of tier.tables) {
        expect(ttls.get(table), table).toContain(expected(tier));
        checked++;
      }
    }
  }
  expect(checked).toBe(13);
  expect(tiers('eum', { retentionDays: 7, metricsRawRetentionHours: 48 }).map((t) => t.retentionMs / H)).toEqual([48, 7 * 24, 28 * 24]);
});

import { EWMA_DEFAULTS, ewmaUpdate, learn, newEwma, suddenCheck, type EwmaState, type SuddenKind } from '../detection/ewma.js';
import { outsideBand, type Baseline } from '../detection/seasonal.js';
import { createTimeRule, type TimeRule } from '../detection/time-rule.js';
import type { RuleConfig, Severity } from './rule-types.js';

/** Evaluation state of one series of one rule (a rule on every host has one series per host). O(timeRule.of). */
export interface SeriesState {
  key: string;
  timeRule: TimeRule;
  ewma: EwmaState;
  baseline?: Baseline;
  baselineAt: number;
  /** severity seen at each of the recent violations (the highest opens the issue) */
  lastSeverity: Severity | null;
  value: number | null;
  threshold: number | null;
  openEventId?: string;
  openedAt?: number;
  healthySince?: number;
  lastNotifiedAt: number;
}

export function newSeries(key: string, rule: Pick<RuleConfig, 'timeRule'>): SeriesState {
  return {
    key,
    timeRule: createTimeRule(rule.timeRule.violations, rule.timeRule.of),
    ewma: newEwma(),
    baselineAt: 0,
    lastSeverity: null,
    value: null,
    threshold: null,
    lastNotifiedAt: 0,
  };
}

export type Transition = 'open' | 'escalate' | 'resolve' | 'renotify' | null;

export const suddenKindOf = (signal: string): SuddenKind =>
  signal === 'errorRate' ? 'errorRate' : signal === 'latency' ? 'latency' : signal === 'throughput' ? 'throughput' : 'generic';

/**
 * One evaluation of one series: judges the value (static thresholds per severity, or the adaptive seasonal band
 * and the sudden-change band), feeds the time rule, and says what changed: an issue opens when the time rule is
 * breached, escalates from warning to critical, resolves after the grace period without violations.
 */
export function evaluate(s: SeriesState, rule: RuleConfig, value: number | null, traffic: number, now: number): Transition {
  const judged = value !== null && Number.isFinite(value) && traffic >= rule.minTraffic;
  let severity: Severity | null = null;
  if (judged) {
    const above = rule.condition === 'above';
    const t = rule.threshold;
    if (t.type === 'static') {
      const past = (x: number | undefined) => x !== undefined && (above ? value > x : value < x);
      severity = past(t.critical) ? 'critical' : past(t.warning) ? 'warning' : null;
      s.threshold = severity === 'warning' ? (t.warning ?? null) : (t.critical ?? t.warning ?? null);
    } else {
      const sudden = t.sudden ? suddenCheck(s.ewma, value, suddenKindOf(rule.signal.name), EWMA_DEFAULTS) : undefined;
      const band = s.baseline ? outsideBand(s.baseline, value, t.deviation, rule.condition) : undefined;
      const suddenHit = sudden?.changed === true && (above ? value > sudden.expected : value < sudden.expected);
      severity = suddenHit || band === true ? t.severity : null;
      s.threshold =
        band === true && s.baseline ? s.baseline.center + (above ? 1 : -1) * t.deviation * s.baseline.spread : (sudden?.limit ?? null);
      // the baseline learns only from values judged normal, so a lasting fault is not learnt as normal
      if (!severity) {
        if (sudden) learn(s.ewma, value, sudden);
        else ewmaUpdate(s.ewma, value, EWMA_DEFAULTS.alpha);
      }
    }
  }
  s.value = judged ? value : s.value;
  s.timeRule.push(judged ? severity !== null : null);
  if (severity) {
    s.healthySince = undefined;
    if (s.lastSeverity !== 'critical') s.lastSeverity = severity;
  } else if (s.openEventId && s.healthySince === undefined) s.healthySince = now;

  if (!s.openEventId) {
    if (severity && s.timeRule.breached()) return 'open';
    if (!severity && !s.timeRule.breached()) s.lastSeverity = null;
    return null;
  }
  if (s.healthySince !== undefined && !s.timeRule.breached() && now - s.healthySince >= rule.gracePeriodSeconds * 1000) return 'resolve';
  if (rule.renotifySeconds > 0 && now - s.lastNotifiedAt >= rule.renotifySeconds * 1000) return 'renotify';
  return null;
}

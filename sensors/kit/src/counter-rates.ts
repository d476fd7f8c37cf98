/**
 * Per-second rates from cumulative counters, for sensors that report both the counter and its rate.
 * One tracker per sensor instance (no module state). A counter that goes backwards (server restart,
 * stats reset) restarts the series instead of producing a negative rate.
 */
export interface CounterRates {
  /** rate per second since the previous value of `key`, or undefined on the first sample / after a reset */
  rate(key: string, value: number, nowMs?: number): number | undefined;
  /** change since the previous value of `key` (same rules as rate) */
  delta(key: string, value: number): number | undefined;
  /** forget everything (e.g. after a reconnect to a restarted server) */
  reset(): void;
}

export function createCounterRates(now: () => number = () => performance.now()): CounterRates {
  const last = new Map<string, { value: number; at: number }>();
  const lastDelta = new Map<string, number>();
  return {
    rate(key, value, nowMs = now()) {
      const prev = last.get(key);
      last.set(key, { value, at: nowMs });
      if (!prev || value < prev.value || nowMs <= prev.at) return undefined;
      return ((value - prev.value) * 1000) / (nowMs - prev.at);
    },
    delta(key, value) {
      const prev = lastDelta.get(key);
      lastDelta.set(key, value);
      if (prev === undefined || value < prev) return undefined;
      return value - prev;
    },
    reset() {
      last.clear();
      lastDelta.clear();
    },
  };
}

import { expect } from 'vitest';

/** The KPI block and dependency-map answer as tests read them, and the 1 % check of a percentile against the exact value. */
export type Kpis = {
  calls: number;
  errors: number;
  errorRate: number;
  clientErrors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
};
export type MapResp = {
  nodes: Array<{ id: string; type: string; kpis: Kpis }>;
  edges: Array<{ source: string; target: string; targetType: string; calls: number; kpis: Kpis }>;
};

export const within1pct = (actual: number | null, expected: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected) / expected).toBeLessThanOrEqual(0.01);
};

/** One metric of one collection: a gauge, or a cumulative monotonic sum (counter), with its points. */
export interface MetricData {
  name: string;
  unit: string;
  description: string;
  kind: 'gauge' | 'counter';
  points: Array<{ value: number; attributes?: Record<string, string> }>;
}

/** A group of runtime metrics: `collect` appends this second's values, `stop` releases what it holds. */
export interface MetricSource {
  collect(out: MetricData[]): void;
  stop?(): void;
}

export const gauge = (name: string, unit: string, description: string, value: number): MetricData => ({
  name,
  unit,
  description,
  kind: 'gauge',
  points: [{ value }],
});

/** autocannon (no bundled types) behind a small typed promise API, shared by the tracer bench and tests. */
import { createRequire } from 'node:module';

export interface LoadOptions {
  url: string;
  connections?: number;
  /** total requests; or `duration` seconds */
  amount?: number;
  duration?: number;
  pipelining?: number;
  /** requests per second over all connections (fixed offered load) */
  overallRate?: number;
}

export interface LoadResult {
  requests: { average: number; mean: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

type Autocannon = (opts: LoadOptions, done: (err: Error | null, result: LoadResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 20, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** Token buckets per key (website, client IP), bounded in memory; `take` returns seconds to wait, 0 when allowed. */
export function createRateLimiter(perSecond: number, burstSeconds = 2, maxKeys = 50_000) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const burst = Math.max(1, perSecond * burstSeconds);
  return {
    take(key: string, now = Date.now()): number {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!);
        buckets.set(key, (b = { tokens: burst, at: now }));
      }
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}

/**
 * Overload, shorter version of bench/chaos/overload.ts (issue 20): a collector process is offered ten times what it
 * sustained a moment before (open loop, no retries; the load generator shares the 2 cores, so what it manages to
 * offer is reported by the script, ~2.7x here). Every request is answered 200 or 429/503 with
 * Retry-After; nothing acknowledged is lost or duplicated; a request sent after the load is acknowledged.
 */
import { describe, expect, it } from 'vitest';
import { runOverload } from '../../bench/chaos/overload-run.js';

describe('10x overload', () => {
  it('refuses with Retry-After, keeps everything it acknowledged, and recovers', async () => {
    const r = await runOverload({ capacitySeconds: 5, overloadSeconds: 10, factor: 10, spansPerRequest: 1000, maxInFlight: 256 });
    const answered = Object.entries(r.overload.statuses);
    // only acknowledgements and refusals that tell the client when to come back
    expect(answered.filter(([s]) => !['200', '429', '503'].includes(s))).toEqual([]);
    expect(r.overload.refusedWithoutRetryAfter).toBe(0);
    expect((r.overload.statuses['503'] ?? 0) + (r.overload.statuses['429'] ?? 0)).toBeGreaterThan(0); // it was overloaded
    expect(r.overload.acked).toBeGreaterThan(0); // and kept working
    expect(r.storedIds).toBe(r.acknowledged);
    expect(r.storedRows).toBe(r.storedIds);
    expect(r.recoveryMs).toBeGreaterThanOrEqual(0);
  }, 600_000);
});

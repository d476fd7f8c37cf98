/**
 * Restart chaos, shorter version of bench/chaos/collector-kill.ts (issue 20): the collector process is SIGKILLed
 * once under a steady OTLP span load and started again on the same data directory; every span it acknowledged
 * (write-ahead-log acks) is stored exactly once after the restart: none lost, none duplicated.
 */
import { describe, expect, it } from 'vitest';
import { runCollectorKill } from '../../bench/chaos/collector-kill-run.js';

describe('collector SIGKILL under load', () => {
  it('every acknowledged span is stored exactly once after a SIGKILL and a restart', async () => {
    const r = await runCollectorKill({ seconds: 1, every: 6, rps: 10, spans: 10 });
    expect(r.kills).toBe(1);
    expect(r.stats.acked.size).toBeGreaterThan(0);
    expect(r.count.lost).toBe(0);
    expect(r.count.duplicateRows).toBe(0);
    expect(r.count.ackedStored).toBe(r.stats.acked.size);
  }, 300_000);
});

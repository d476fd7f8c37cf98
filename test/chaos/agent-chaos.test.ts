/**
 * Agent chaos, shorter version of bench/chaos/agent-chaos.ts (issue 20): the real agent process SIGKILLed with the
 * collector up; the collector away for 20 s while the agent spools; the agent SIGKILLed inside that outage and
 * started again. Every 1-second host CPU point is stored afterwards except while the agent itself was dead (and at
 * most the two seconds it had sampled but not yet written when killed): its disk spool survives the SIGKILL.
 */
import { describe, expect, it } from 'vitest';
import { runAgentChaos } from '../../bench/chaos/agent-chaos-run.js';

describe('agent SIGKILL and collector outage', () => {
  it("keeps every second but the agent's own downtime, across a SIGKILL of the agent inside a collector outage", async () => {
    const r = await runAgentChaos({ outageSeconds: 20, killAgentAfterSeconds: 8, agentDownSeconds: 2 });
    expect(r.deaths).toHaveLength(2);
    for (const d of r.deaths) expect(d.lostBeforeKill, d.what).toBeLessThanOrEqual(2);
    expect(r.missingElsewhere).toEqual([]);
    // the outage's seconds before the agent died inside it were spooled to disk and delivered afterwards
    const beforeDeath = (r.deaths[1].killedAt - r.outage.from) / 1000 - r.deaths[1].lostBeforeKill - 1;
    expect(r.outage.secondsStored).toBeGreaterThanOrEqual(Math.floor(beforeDeath));
  }, 420_000);
});

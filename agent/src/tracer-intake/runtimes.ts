import type { EntitySnapshot } from '@argus/sensor-kit';

interface Seen {
  snapshot: EntitySnapshot;
  json: string;
  lastSeen: number;
}

/**
 * Node.js runtimes seen by the intake. `observe` reports a snapshot when it is new or changed (so the
 * agent publishes it once, not on every request); entries unseen for `forgetMs` are forgotten.
 */
export function createRuntimeRegistry(onChange: (snapshot: EntitySnapshot) => void, forgetMs = 10 * 60_000, max = 10_000) {
  const seen = new Map<string, Seen>();
  const prune = (now: number) => {
    for (const [id, s] of seen) if (now - s.lastSeen > forgetMs) seen.delete(id);
  };
  return {
    observe(snapshot: EntitySnapshot, now = Date.now()): void {
      const json = JSON.stringify(snapshot);
      const prior = seen.get(snapshot.id);
      if (prior && prior.json === json) {
        prior.lastSeen = now;
        return;
      }
      if (!prior && seen.size >= max) prune(now);
      if (!prior && seen.size >= max) return;
      seen.set(snapshot.id, { snapshot, json, lastSeen: now });
      try {
        onChange(snapshot);
      } catch {
        // the agent's sender must not break intake
      }
    },
    live(withinMs: number, now = Date.now()): EntitySnapshot[] {
      prune(now);
      return [...seen.values()].filter((s) => now - s.lastSeen <= withinMs).map((s) => s.snapshot);
    },
  };
}

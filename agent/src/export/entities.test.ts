import { describe, expect, it } from 'vitest';
import { createEntityTracker } from './entities.js';

const T0 = 1_800_000_000_000;
const host = (attributes: Record<string, string | number>) => ({ id: 'host:h', type: 'host', name: 'h', attributes });

describe('entity tracker', () => {
  it('holds the first post until firstPostAt, so the host goes out merged with what its sensor read', () => {
    const t = createEntityTracker({ agentId: 'a', hostEntityId: 'host:h', refreshMs: 60_000, heartbeatMs: 15_000, firstPostAt: T0 + 1800 });
    t.put('agent', [host({ 'host.name': 'h' })], T0);
    expect(t.due(T0 + 1)).toBeUndefined();
    // the host sensor's first collection, a second later
    t.put('host', [host({ 'host.name': 'h', 'host.cpu.count': 2 })], T0 + 1200);
    expect(t.due(T0 + 1001)).toBeUndefined();
    const first = t.due(T0 + 2001);
    expect(first?.snapshots).toEqual([host({ 'host.name': 'h', 'host.cpu.count': 2 })]);
    // then as before: nothing new, nothing posted until the heartbeat
    expect(t.due(T0 + 3001)).toBeUndefined();
  });

  it('posts at once without firstPostAt', () => {
    const t = createEntityTracker({ agentId: 'a', hostEntityId: 'host:h', refreshMs: 60_000, heartbeatMs: 15_000 });
    t.put('agent', [host({ 'host.name': 'h' })], T0);
    expect(t.due(T0 + 1)?.snapshots).toHaveLength(1);
  });
});

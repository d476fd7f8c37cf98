import { describe, expect, it } from 'vitest';
import { buildInfraMap, NO_ZONE, tagKeys, type MapEntity } from './map-model';

const e = (id: string, type: string, parentId: string | null, host: string, extra: Partial<MapEntity> = {}): MapEntity => ({
  id,
  type,
  name: id.split(':').pop() ?? id,
  parentId,
  hostEntityId: host,
  online: true,
  ...extra,
});

const world: MapEntity[] = [
  e('host:a', 'host', null, 'host:a', { name: 'web-a', zone: 'eu-1', tags: { team: 'shop' } }),
  e('host:b', 'host', null, 'host:b', { name: 'web-b', attributes: { 'cloud.availability_zone': 'us-1a', 'argus.tag.team': 'ops' } }),
  e('host:c', 'host', null, 'host:c', { name: 'db-c' }),
  e('container:1', 'container', 'host:a', 'host:a'),
  e('process:a:1', 'process', 'container:1', 'host:a'),
  e('nodejs:a:1', 'nodejs', 'process:a:1', 'host:a', { name: 'checkout' }),
  e('process:a:2', 'process', 'host:a', 'host:a', { name: 'chromium' }),
  e('process:c:9', 'process', 'host:c', 'host:c', { name: 'postgres' }),
  e('postgres:c:5432', 'postgres', 'process:c:9', 'host:c'),
  e('redis:c:6379', 'redis', 'process:c:gone', 'host:c', { online: false, gone: true }),
];

describe('infrastructure map model', () => {
  it('groups hosts into zones (agent zone, cloud zone, none last) and stacks children under their parents', () => {
    const m = buildInfraMap(world, { processes: 'all', showOffline: true });
    expect(m.zones.map((z) => z.name)).toEqual(['eu-1', 'us-1a', NO_ZONE]);
    const a = m.zones[0].pillars[0];
    expect(a.host.name).toBe('web-a');
    // the container first, its process right above it, the runtime above the process; then host-level processes
    expect(a.blocks.map((b) => [b.type, b.depth])).toEqual([
      ['container', 1],
      ['process', 2],
      ['nodejs', 3],
      ['process', 1],
    ]);
    // a child whose parent is not listed hangs below its host
    const c = m.zones[2].pillars[0];
    expect(c.blocks.map((b) => b.id)).toEqual(['process:c:9', 'postgres:c:5432', 'redis:c:6379']);
    expect(m.hosts).toBe(3);
    expect(m.blocks).toBe(7);
  });

  it('colors by health: open issues, offline entities; a pillar takes its worst block', () => {
    const m = buildInfraMap(world, { showOffline: true, processes: 'all', problems: new Map([['nodejs:a:1', 'critical' as const]]) });
    const a = m.zones[0].pillars[0];
    expect(a.blocks.find((b) => b.id === 'nodejs:a:1')?.health).toBe('critical');
    expect(a.health).toBe('critical');
    expect(m.zones[0].health).toBe('critical');
    expect(m.zones[2].pillars[0].blocks.find((b) => b.id === 'redis:c:6379')?.health).toBe('offline');
    expect(m.zones[1].pillars[0].health).toBe('ok');
  });

  it('hides offline blocks and plain processes by default, counting them', () => {
    const m = buildInfraMap(world);
    const ids = m.zones.flatMap((z) => z.pillars.flatMap((p) => p.blocks.map((b) => b.id)));
    expect(ids).not.toContain('redis:c:6379');
    expect(ids).not.toContain('process:a:2'); // chromium runs nothing below it
    expect(ids).toContain('process:a:1');
    expect(m.offlineHidden).toBe(1);
    expect(m.plainHidden).toBe(1);
  });

  it('filters by type, search text, problems; groups by a tag or not at all', () => {
    const onlyTech = buildInfraMap(world, { types: new Set(['nodejs', 'postgres']) });
    expect(onlyTech.zones.flatMap((z) => z.pillars.flatMap((p) => p.blocks.map((b) => b.type)))).toEqual(['nodejs', 'postgres']);
    const q = buildInfraMap(world, { q: 'CHECK' });
    expect(q.zones[0].pillars[0].match).toBe(true);
    expect(q.zones[0].pillars[0].blocks.filter((b) => b.match).map((b) => b.id)).toEqual(['nodejs:a:1']);
    expect(q.zones[1].pillars[0].match).toBe(false);
    const problems = buildInfraMap(world, { problemsOnly: true, problems: new Map([['postgres:c:5432', 'warning' as const]]) });
    expect(problems.zones.flatMap((z) => z.pillars.map((p) => p.host.name))).toEqual(['db-c']);
    expect(buildInfraMap(world, { groupBy: 'tag:team' }).zones.map((z) => [z.name, z.pillars.length])).toEqual([
      ['ops', 1],
      ['shop', 1],
      ['No team tag', 1],
    ]);
    expect(buildInfraMap(world, { groupBy: 'none' }).zones).toHaveLength(1);
    expect(tagKeys(world)).toEqual(['team']);
  });

  it('builds 500 hosts x 20 blocks', () => {
    const big: MapEntity[] = [];
    for (let h = 0; h < 500; h++) {
      big.push(e(`host:${h}`, 'host', null, `host:${h}`, { zone: `zone-${h % 4}` }));
      for (let b = 0; b < 10; b++) {
        big.push(e(`process:${h}:${b}`, 'process', `host:${h}`, `host:${h}`));
        big.push(e(`nodejs:${h}:${b}`, 'nodejs', `process:${h}:${b}`, `host:${h}`));
      }
    }
    const m = buildInfraMap(big);
    expect(m.zones).toHaveLength(4);
    expect(m.shownBlocks).toBe(10_000);
  });
});

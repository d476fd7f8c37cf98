/**
 * The infrastructure map's model, in Instana's manner: zones (from the agent's zone or a tag) hold one pillar per
 * host; a pillar stacks blocks for the host's containers, processes and technologies, each colored by health.
 * Pure functions over the API's entity rows, so the page, the tests and the benchmark build the same thing.
 */

export type InfraHealth = 'ok' | 'warning' | 'critical' | 'offline';

/** The fields of an entity the map needs (the /infrastructure/map rows; /infrastructure/entities rows fit too). */
export interface MapEntity {
  id: string;
  type: string;
  name: string;
  parentId: string | null;
  hostEntityId: string;
  online: boolean;
  gone?: boolean;
  zone?: string;
  tags?: Record<string, string>;
  attributes?: Record<string, string | number | boolean>;
}

export interface Block {
  id: string;
  type: string;
  name: string;
  health: InfraHealth;
  /** matches the search text (always true without one) */
  match: boolean;
  /** nesting below the host: 1 = a direct child */
  depth: number;
}

export interface Pillar {
  host: Block;
  /** bottom-up: each container followed by its processes, each process by its technologies */
  blocks: Block[];
  /** the worst health of the host and its blocks */
  health: InfraHealth;
  match: boolean;
}

export interface Zone {
  name: string;
  pillars: Pillar[];
  health: InfraHealth;
}

export interface InfraMap {
  zones: Zone[];
  /** entities per type (before the type filter), for the filter chips */
  types: Array<{ type: string; count: number }>;
  hosts: number;
  blocks: number;
  shownBlocks: number;
  /** blocks left out because their entity is offline (see showOffline) */
  offlineHidden: number;
  /** processes left out because nothing runs below them (see processes) */
  plainHidden: number;
}

export interface MapOptions {
  /** `zone` (default), `none`, or `tag:<key>` */
  groupBy?: string;
  /** entity types to show as blocks (undefined: all) */
  types?: ReadonlySet<string>;
  /** case-insensitive substring of name, type or id */
  q?: string;
  /** open problems per entity id (from the alerting issues) */
  problems?: ReadonlyMap<string, 'warning' | 'critical'>;
  /** only pillars with a problem or an offline entity */
  problemsOnly?: boolean;
  /** also blocks of entities that stopped reporting (hosts always show) */
  showOffline?: boolean;
  /** `all` processes, or (default) only those with something below them (a technology, a runtime, ...) */
  processes?: 'all' | 'parents';
}

export const NO_ZONE = 'No zone';

const RANK: Record<InfraHealth, number> = { ok: 0, offline: 1, warning: 2, critical: 3 };
export const worst = (a: InfraHealth, b: InfraHealth): InfraHealth => (RANK[b] > RANK[a] ? b : a);

/** Display order of a host's children: containers, then processes, then anything else (stacked above its parent). */
const KIND_ORDER: Record<string, number> = { container: 0, process: 1, agent: 3 };

/** The zone of a host: the agent's zone, else the cloud availability zone, else a `zone` tag. */
export function zoneOf(host: MapEntity): string {
  if (host.zone) return host.zone;
  const a = host.attributes ?? {};
  const z = a['argus.zone'] ?? a['cloud.availability_zone'] ?? a['argus.tag.zone'];
  return typeof z === 'string' && z ? z : NO_ZONE;
}

/** The host's tags (`argus.tag.<key>` attributes, or the map row's `tags`). */
export function tagsOf(host: MapEntity): Record<string, string> {
  if (host.tags) return host.tags;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(host.attributes ?? {})) if (k.startsWith('argus.tag.')) out[k.slice(10)] = String(v);
  return out;
}

function groupOf(host: MapEntity, groupBy: string): string {
  if (groupBy === 'none') return 'All hosts';
  if (groupBy.startsWith('tag:')) {
    const key = groupBy.slice(4);
    return tagsOf(host)[key] ?? `No ${key} tag`;
  }
  return zoneOf(host);
}

export function healthOf(e: MapEntity, problems?: ReadonlyMap<string, 'warning' | 'critical'>): InfraHealth {
  if (!e.online || e.gone) return 'offline';
  return problems?.get(e.id) ?? 'ok';
}

const byName = (a: MapEntity, b: MapEntity) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export function buildInfraMap(entities: readonly MapEntity[], o: MapOptions = {}): InfraMap {
  const q = o.q?.trim().toLowerCase() ?? '';
  const matches = (e: MapEntity) => !q || e.name.toLowerCase().includes(q) || e.type.includes(q) || e.id.toLowerCase().includes(q);
  const hosts: MapEntity[] = [];
  const children = new Map<string, MapEntity[]>();
  const typeCount = new Map<string, number>();
  const ids = new Set<string>();
  for (const e of entities) ids.add(e.id);
  for (const e of entities) {
    typeCount.set(e.type, (typeCount.get(e.type) ?? 0) + 1);
    if (e.type === 'host') {
      hosts.push(e);
      continue;
    }
    // a child whose parent is not listed hangs directly below its host
    const parent = e.parentId && ids.has(e.parentId) ? e.parentId : e.hostEntityId;
    const list = children.get(parent);
    if (list) list.push(e);
    else children.set(parent, [e]);
  }

  const zones = new Map<string, Pillar[]>();
  let blockCount = 0;
  let shown = 0;
  let offlineHidden = 0;
  let plainHidden = 0;
  for (const host of hosts.sort(byName)) {
    const blocks: Block[] = [];
    let health = healthOf(host, o.problems);
    let anyMatch = matches(host);
    const walk = (parentId: string, depth: number) => {
      const kids = children.get(parentId);
      if (!kids) return;
      kids.sort((a, b) => (KIND_ORDER[a.type] ?? 2) - (KIND_ORDER[b.type] ?? 2) || byName(a, b));
      for (const k of kids) {
        blockCount++;
        const h = healthOf(k, o.problems);
        const plain = k.type === 'process' && o.processes !== 'all' && !children.has(k.id);
        if (h === 'offline' && !o.showOffline) offlineHidden++;
        else if (plain) plainHidden++;
        else if (!o.types || o.types.has(k.type)) {
          const m = matches(k);
          blocks.push({ id: k.id, type: k.type, name: k.name, health: h, match: m, depth });
          health = worst(health, h);
          anyMatch ||= m;
          shown++;
        }
        if (depth < 8) walk(k.id, depth + 1);
      }
    };
    walk(host.id, 1);
    if (o.problemsOnly && health === 'ok') continue;
    const pillar: Pillar = {
      host: { id: host.id, type: 'host', name: host.name, health: healthOf(host, o.problems), match: matches(host), depth: 0 },
      blocks,
      health,
      match: anyMatch,
    };
    const group = groupOf(host, o.groupBy ?? 'zone');
    const list = zones.get(group);
    if (list) list.push(pillar);
    else zones.set(group, [pillar]);
  }

  const zoneList: Zone[] = [...zones]
    .map(([name, pillars]) => ({ name, pillars, health: pillars.reduce<InfraHealth>((h, p) => worst(h, p.health), 'ok') }))
    // named zones alphabetically, the catch-all group last
    .sort((a, b) => Number(a.name.startsWith('No ')) - Number(b.name.startsWith('No ')) || a.name.localeCompare(b.name));
  return {
    zones: zoneList,
    types: [...typeCount]
      .map(([type, count]) => ({ type, count }))
      .sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || a.type.localeCompare(b.type)),
    hosts: hosts.length,
    blocks: blockCount,
    shownBlocks: shown,
    offlineHidden,
    plainHidden,
  };
}

const typeOrder = (t: string) => ({ host: 0, container: 1, process: 2 })[t] ?? 3;

/** Every tag key of the hosts, for the "group by" choice. */
export function tagKeys(entities: readonly MapEntity[]): string[] {
  const keys = new Set<string>();
  for (const e of entities) if (e.type === 'host') for (const k of Object.keys(tagsOf(e))) keys.add(k);
  return [...keys].sort();
}

/** Typed search params of the infrastructure routes (kept small: the router imports this eagerly). */

export type MapSize = 's' | 'm' | 'l';

export interface InfraMapSearch {
  /** search text: matching blocks stand out, the rest dims */
  q?: string;
  /** `zone` (default), `none` or `tag:<key>` */
  group?: string;
  /** entity types shown as blocks, comma-separated (default: all) */
  types?: string;
  /** only hosts with a problem or an offline entity */
  problems?: boolean;
  /** also entities that stopped reporting */
  offline?: boolean;
  /** every process, not only those running a technology */
  allProcesses?: boolean;
  size?: MapSize;
}

const str = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined);

export function validateInfraMapSearch(s: Record<string, unknown>): InfraMapSearch {
  const group = str(s.group, 100);
  const types = str(s.types, 500);
  return {
    q: str(s.q, 200),
    group: group && (group === 'zone' || group === 'none' || /^tag:[\w.-]{1,64}$/.test(group)) ? group : undefined,
    types: types && /^[a-z0-9_.,-]+$/.test(types) ? types : undefined,
    problems: s.problems === true || s.problems === 'true' ? true : undefined,
    offline: s.offline === true || s.offline === 'true' ? true : undefined,
    allProcesses: s.allProcesses === true || s.allProcesses === 'true' ? true : undefined,
    size: s.size === 's' || s.size === 'm' || s.size === 'l' ? s.size : undefined,
  };
}

export interface EntitySearch {
  /** a metric of the "all metrics" list to chart */
  metric?: string;
}

export function validateEntitySearch(s: Record<string, unknown>): EntitySearch {
  return { metric: str(s.metric, 300) };
}

/** Names and short marks of the entity types the agent reports (sensors/*), for the map, dashboards and lists. */

const TYPES: Record<string, { label: string; mark: string }> = {
  host: { label: 'Host', mark: 'H' },
  container: { label: 'Container', mark: 'C' },
  process: { label: 'Process', mark: 'P' },
  agent: { label: 'Argus agent', mark: 'A' },
  nodejs: { label: 'Node.js', mark: 'JS' },
  postgres: { label: 'PostgreSQL', mark: 'PG' },
  redis: { label: 'Redis', mark: 'R' },
  nginx: { label: 'nginx', mark: 'NX' },
};

export function typeLabel(type: string): string {
  return TYPES[type]?.label ?? type.charAt(0).toUpperCase() + type.slice(1);
}

export function typeMark(type: string): string {
  return TYPES[type]?.mark ?? type.slice(0, 2).toUpperCase();
}

/** The time range as a query string (`?live=1h`, `?from=..&to=..`, or empty), to append to entity links. */
export function timeQuery(time: { live?: string; from?: number; to?: number }): string {
  const q = new URLSearchParams();
  if (time.live) q.set('live', time.live);
  else if (time.from !== undefined && time.to !== undefined) {
    q.set('from', String(time.from));
    q.set('to', String(time.to));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** `/infrastructure/entities/<id>` plus a query from timeQuery (the map renders thousands: one query for all). */
export const entityPath = (id: string, query: string) => `/infrastructure/entities/${encodeURIComponent(id)}${query}`;

/** `/infrastructure/entities/<id>` with the current time range, for plain anchors. */
export function entityHref(id: string, time: { live?: string; from?: number; to?: number }): string {
  return entityPath(id, timeQuery(time));
}

/** Small one-line files: /proc/loadavg, /proc/uptime, /proc/sys/fs/file-nr. */
export function parseLoadavg(text: string): [number, number, number] | undefined {
  const p = text.trim().split(/\s+/).map(Number);
  return p.length >= 3 && p.slice(0, 3).every(Number.isFinite) ? [p[0], p[1], p[2]] : undefined;
}

/** seconds since boot */
export function parseUptime(text: string): number | undefined {
  const v = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(v) ? v : undefined;
}

/** file-nr: allocated, free (always 0 since 2.6), max */
export function parseFileNr(text: string): { allocated: number; max: number } | undefined {
  const p = text.trim().split(/\s+/).map(Number);
  if (p.length < 3 || !p.every(Number.isFinite)) return undefined;
  return { allocated: p[0] - p[1], max: p[2] };
}

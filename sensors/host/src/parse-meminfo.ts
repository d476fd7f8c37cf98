/** /proc/meminfo as bytes. Values are in kB except the HugePages_* counts. */
export function parseMeminfo(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (m) out.set(m[1], Number(m[2]) * (m[3] ? 1024 : 1));
  }
  return out;
}

export interface MemoryFacts {
  total: number;
  free: number;
  available: number;
  buffers: number;
  /** page cache + reclaimable slab, as `free(1)` counts "buff/cache" minus buffers */
  cached: number;
  /** total - available (what procps `free` reports as used since 3.3.10) */
  used: number;
  swapTotal: number;
  swapFree: number;
}

export function memoryFacts(m: Map<string, number>): MemoryFacts {
  const total = m.get('MemTotal') ?? 0;
  const free = m.get('MemFree') ?? 0;
  const buffers = m.get('Buffers') ?? 0;
  const cached = (m.get('Cached') ?? 0) + (m.get('SReclaimable') ?? 0);
  // kernels before 3.14 have no MemAvailable: estimate it like procps does
  const available = m.get('MemAvailable') ?? Math.min(total, free + buffers + cached);
  return {
    total,
    free,
    available,
    buffers,
    cached,
    used: Math.max(0, total - available),
    swapTotal: m.get('SwapTotal') ?? 0,
    swapFree: m.get('SwapFree') ?? 0,
  };
}

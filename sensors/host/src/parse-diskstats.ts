/** /proc/diskstats (Documentation/admin-guide/iostats.rst). Sectors are always 512 bytes here. */
export interface DiskStats {
  device: string;
  readsCompleted: number;
  readsMerged: number;
  sectorsRead: number;
  readMs: number;
  writesCompleted: number;
  writesMerged: number;
  sectorsWritten: number;
  writeMs: number;
  ioInProgress: number;
  ioMs: number;
  weightedIoMs: number;
}

export function parseDiskstats(text: string, exclude: RegExp): DiskStats[] {
  const out: DiskStats[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim().split(/\s+/);
    if (p.length < 14) continue;
    const device = p[2];
    if (exclude.test(device)) continue;
    const n = (i: number) => Number(p[i]) || 0;
    out.push({
      device,
      readsCompleted: n(3),
      readsMerged: n(4),
      sectorsRead: n(5),
      readMs: n(6),
      writesCompleted: n(7),
      writesMerged: n(8),
      sectorsWritten: n(9),
      writeMs: n(10),
      ioInProgress: n(11),
      ioMs: n(12),
      weightedIoMs: n(13),
    });
  }
  return out;
}

/** /proc/net/dev: two header lines, then `iface: rx(8 columns) tx(8 columns)`. */
export interface NetDevStats {
  device: string;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

export function parseNetDev(text: string, exclude: RegExp): NetDevStats[] {
  const out: NetDevStats[] = [];
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const device = line.slice(0, colon).trim();
    if (!device || device.includes('|') || exclude.test(device)) continue;
    const p = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/)
      .map((v) => Number(v) || 0);
    if (p.length < 16) continue;
    out.push({
      device,
      rxBytes: p[0],
      rxPackets: p[1],
      rxErrors: p[2],
      rxDropped: p[3],
      txBytes: p[8],
      txPackets: p[9],
      txErrors: p[10],
      txDropped: p[11],
    });
  }
  return out;
}

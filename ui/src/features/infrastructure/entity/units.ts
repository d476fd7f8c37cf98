import { formatCompact, formatDuration } from '../../../lib/format';

/** How a metric's values read on a chart axis and in the legend (every value with its unit). */
export type UnitKind = 'percent' | 'bytes' | 'bytesPerSec' | 'seconds' | 'cores' | 'count' | 'perSec' | 'ratio';

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Memory and disk sizes in powers of 1024, as `free` and `df -h` show them. */
export function formatIec(n: number, perSec = false): string {
  if (!Number.isFinite(n)) return '–';
  let v = Math.abs(n);
  let i = 0;
  while (v >= 1024 && i < IEC.length - 1) {
    v /= 1024;
    i++;
  }
  const s = `${n < 0 ? '-' : ''}${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(v >= 10 ? 1 : 2).replace(/\.?0+$/, '')} ${IEC[i]}`;
  return perSec ? `${s}/s` : s;
}

export function formatterFor(kind: UnitKind, unitText = ''): (v: number) => string {
  switch (kind) {
    case 'percent':
      return (v) => `${Math.abs(v) < 0.1 && v !== 0 ? (v * 100).toFixed(2) : (v * 100).toFixed(1).replace(/\.0$/, '')} %`;
    case 'bytes':
      return (v) => formatIec(v);
    case 'bytesPerSec':
      return (v) => formatIec(v, true);
    case 'seconds':
      return (v) => formatDuration(v * 1000);
    case 'cores':
      return (v) => `${formatCompact(Number(v.toFixed(3)))} cores`;
    case 'perSec':
      return (v) => `${formatCompact(Number(v.toFixed(2)))}/s`;
    case 'ratio':
      return (v) => formatCompact(Number(v.toFixed(3)));
    default:
      return (v) => `${formatCompact(Number(v.toFixed(2)))}${unitText ? ` ${unitText}` : ''}`;
  }
}

/** The unit kind from the API's unit (`By`, `By/s`, `1`, `s`, `s/s`, `{connection}/s`, ...). */
export function unitKindOf(unit: string): { kind: UnitKind; text: string } {
  if (unit === 'By') return { kind: 'bytes', text: '' };
  if (unit === 'By/s') return { kind: 'bytesPerSec', text: '' };
  if (unit === '1') return { kind: 'ratio', text: '' };
  if (unit === 's') return { kind: 'seconds', text: '' };
  if (unit === 's/s') return { kind: 'cores', text: '' };
  if (unit.endsWith('/s')) return { kind: 'perSec', text: '' };
  const m = /^\{(.+)\}$/.exec(unit);
  return { kind: 'count', text: m ? m[1] : unit };
}

/** "1 s points", "5 s steps (raw points)", "2 min steps (1 min rollup)": which resolution a chart shows. */
export function resolutionText(resolution: string, stepMs: number): string {
  const step = stepMs < 60_000 ? `${stepMs / 1000} s` : stepMs < 3_600_000 ? `${stepMs / 60_000} min` : `${stepMs / 3_600_000} h`;
  if (resolution === 'raw') return stepMs === 1000 ? '1 s points' : `${step} steps of 1 s points`;
  const source = { '10s': '10 s', '1m': '1 min', '1h': '1 h' }[resolution] ?? resolution;
  return `${step} steps (${source} rollup)`;
}

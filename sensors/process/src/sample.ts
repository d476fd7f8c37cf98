import { CLK_TCK, countFds, readText, type Attributes, type MetricPoint, type ProcStat } from '@argus/sensor-kit';
import { parseIo } from './proc-info.js';

const PAGE_SIZE = 4096;

/** Per-second metrics of one reported process; `prev` is its previous stat sample for CPU utilization. */
export function processMetrics(
  procRoot: string,
  st: ProcStat,
  prev: { ticks: number; at: number } | undefined,
  now: number,
  cpuCount: number,
  entity: Attributes,
  restarts: number,
  out: MetricPoint[],
): void {
  const a = (extra?: Attributes) => (extra ? { ...entity, ...extra } : entity);
  out.push({ name: 'process.cpu.time', kind: 'counter', unit: 's', value: st.utime / CLK_TCK, attributes: a({ state: 'user' }) });
  out.push({ name: 'process.cpu.time', kind: 'counter', unit: 's', value: st.stime / CLK_TCK, attributes: a({ state: 'system' }) });
  const ticks = st.utime + st.stime;
  if (prev && now > prev.at && ticks >= prev.ticks) {
    const seconds = (ticks - prev.ticks) / CLK_TCK;
    // OpenTelemetry definition: share of the whole host (1.0 = every CPU busy with this process)
    out.push({ name: 'process.cpu.utilization', unit: '1', value: seconds / ((now - prev.at) / 1000) / cpuCount, attributes: a() });
  }
  out.push({ name: 'process.memory.usage', unit: 'By', value: st.rssPages * PAGE_SIZE, attributes: a() });
  out.push({ name: 'process.thread.count', unit: '{thread}', value: st.numThreads, attributes: a() });
  const fds = countFds(procRoot, st.pid);
  if (fds > 0) out.push({ name: 'process.open_file_descriptor.count', unit: '{fd}', value: fds, attributes: a() });
  const io = parseIo(readText(`${procRoot}/${st.pid}/io`));
  if (io) {
    out.push({ name: 'process.disk.io', kind: 'counter', unit: 'By', value: io.readBytes, attributes: a({ direction: 'read' }) });
    out.push({ name: 'process.disk.io', kind: 'counter', unit: 'By', value: io.writeBytes, attributes: a({ direction: 'write' }) });
    out.push({ name: 'process.io.chars', kind: 'counter', unit: 'By', value: io.rchar, attributes: a({ direction: 'read' }) });
    out.push({ name: 'process.io.chars', kind: 'counter', unit: 'By', value: io.wchar, attributes: a({ direction: 'write' }) });
  }
  out.push({ name: 'process.restarts', unit: '{restart}', value: restarts, attributes: a() });
}

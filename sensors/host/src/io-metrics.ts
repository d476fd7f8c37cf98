import type { MetricPoint } from '@argus/sensor-kit';
import type { DiskStats } from './parse-diskstats.js';
import type { NetDevStats } from './parse-net-dev.js';

const SECTOR = 512;

export function diskMetrics(disks: DiskStats[], out: MetricPoint[]): void {
  for (const d of disks) {
    const c = (name: string, unit: string, value: number, direction?: string) =>
      out.push({ name, kind: 'counter', unit, value, attributes: direction ? { device: d.device, direction } : { device: d.device } });
    c('system.disk.io', 'By', d.sectorsRead * SECTOR, 'read');
    c('system.disk.io', 'By', d.sectorsWritten * SECTOR, 'write');
    c('system.disk.operations', '{operation}', d.readsCompleted, 'read');
    c('system.disk.operations', '{operation}', d.writesCompleted, 'write');
    c('system.disk.merged', '{operation}', d.readsMerged, 'read');
    c('system.disk.merged', '{operation}', d.writesMerged, 'write');
    c('system.disk.operation_time', 's', d.readMs / 1000, 'read');
    c('system.disk.operation_time', 's', d.writeMs / 1000, 'write');
    c('system.disk.io_time', 's', d.ioMs / 1000);
    c('system.disk.weighted_io_time', 's', d.weightedIoMs / 1000);
    out.push({ name: 'system.disk.pending_operations', unit: '{operation}', value: d.ioInProgress, attributes: { device: d.device } });
  }
}

export function networkMetrics(ifaces: NetDevStats[], out: MetricPoint[]): void {
  for (const n of ifaces) {
    const c = (name: string, unit: string, rx: number, tx: number) => {
      out.push({ name, kind: 'counter', unit, value: rx, attributes: { device: n.device, direction: 'receive' } });
      out.push({ name, kind: 'counter', unit, value: tx, attributes: { device: n.device, direction: 'transmit' } });
    };
    c('system.network.io', 'By', n.rxBytes, n.txBytes);
    c('system.network.packets', '{packet}', n.rxPackets, n.txPackets);
    c('system.network.errors', '{error}', n.rxErrors, n.txErrors);
    c('system.network.dropped', '{packet}', n.rxDropped, n.txDropped);
  }
}

import { createMetricsEncoder } from './export/encode-metrics.js';
import { gzipSync } from 'node:zlib';
const enc = createMetricsEncoder();
const resource = { 'host.id': 'abc', 'host.name': 'vm', 'argus.entity.id': 'host:abc', 'argus.entity.type': 'host' };
const mk = (t: number) => ({ time: t, resource, scope: { name: 'process', version: '1' }, metrics: Array.from({ length: 450 }, (_, i) => ({ name: `process.m${i % 15}`, value: Math.random() * 100, kind: (i % 3 ? 'gauge' : 'counter') as any, attributes: { 'argus.entity.id': `process:abc:${i % 30}:1`, 'process.pid': i % 30, state: 'user' } })) });
let t = 1_700_000_000_000;
for (let i = 0; i < 50; i++) enc.encode([mk(t += 1000)], 20000);
const c0 = process.cpuUsage(); let bytes = 0; let gz = 0;
const N = 200;
for (let i = 0; i < N; i++) { const [r] = enc.encode([mk(t += 1000)], 20000); bytes += r.body.length; }
const c1 = process.cpuUsage(c0);
const c2s = process.cpuUsage();
for (let i = 0; i < N; i++) { const [r] = enc.encode([mk(t += 1000)], 20000); gz += gzipSync(r.body, { level: 3 }).length; }
const c2 = process.cpuUsage(c2s);
console.log('encode ms/sample', ((c1.user + c1.system) / 1000 / N).toFixed(2), 'with gzip', ((c2.user + c2.system) / 1000 / N).toFixed(2), 'raw bytes', bytes / N, 'gz', gz / N);

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOtlpTypes } from '@argus/otlp';
import { createMetricsEncoder } from './encode-metrics.js';
import { createExporter } from './index.js';
import { backoffMs, retryAfterMs } from './retry.js';
import { openSpool } from './spool.js';
import { startRecorder, waitFor, type Recorder } from '../../testing/recorder.js';

const log = pino({ level: 'silent' });

describe('disk spool', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argus-spool-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps everything while there is room, then drops the oldest first and counts it', () => {
    const spool = openSpool({ dir, maxBytes: 1000, log });
    for (let i = 0; i < 10; i++) spool.append('metrics', Buffer.alloc(100, i), 7);
    expect(spool.stats()).toMatchObject({ bytes: 1000, records: 10, droppedRecords: 0 });
    spool.append('metrics', Buffer.alloc(250, 10), 7);
    expect(spool.stats()).toMatchObject({ bytes: 950, records: 8, droppedRecords: 3, droppedBytes: 300, droppedPoints: 21 });
    expect(spool.read(spool.peek()!)![0]).toBe(3); // payloads 0,1,2 were the oldest
    // the same holds once everything is on disk
    spool.persist(Infinity);
    expect(readdirSync(dir)).toHaveLength(8);
    spool.append('metrics', Buffer.alloc(100, 11), 7);
    expect(readdirSync(dir)).toHaveLength(7);
    expect(spool.stats()).toMatchObject({ droppedRecords: 4, records: 8 });
  });

  it('writes payloads older than the cut-off to disk, newer ones stay in memory', () => {
    const spool = openSpool({ dir, maxBytes: 1e6, log });
    spool.append('metrics', Buffer.from('old'), 1);
    const cut = Date.now() + 1;
    while (Date.now() <= cut) {
      /* next millisecond */
    }
    spool.append('metrics', Buffer.from('new'), 1);
    spool.persist(cut);
    expect(readdirSync(dir)).toEqual(['0000000000000001-metrics-1.bin']);
    expect(spool.stats().memoryBytes).toBe(3);
  });

  it('survives a restart with order and content intact', () => {
    const a = openSpool({ dir, maxBytes: 1e6, log });
    for (const k of ['metrics', 'entities', 'traces'] as const) a.append(k, Buffer.from(k), k === 'metrics' ? 3 : 0);
    a.remove(a.peek()!);
    expect(readdirSync(dir)).toEqual([]); // healthy path: payloads stay in memory, no file I/O
    a.persist(Infinity);
    expect(readdirSync(dir)).toHaveLength(2);
    const b = openSpool({ dir, maxBytes: 1e6, log });
    expect(b.stats().records).toBe(2);
    const first = b.peek()!;
    expect([first.kind, b.read(first)!.toString()]).toEqual(['entities', 'entities']);
    b.remove(first);
    expect(b.peek()!.kind).toBe('traces');
    b.append('metrics', Buffer.from('new'), 1);
    b.persist(Infinity);
    expect(readdirSync(dir).sort().at(-1)).toMatch(/^0{15}4-metrics-1\.bin$/);
  });
});

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
  it('backs off exponentially up to the cap', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 10].map((n) => backoffMs(n, 500, 30_000, mid))).toEqual([500, 1000, 2000, 30_000]);
  });
});

describe('metrics encoding', () => {
  it('keeps every 1-second sample as its own point; counters are cumulative sums with a start time', () => {
    const types = loadOtlpTypes();
    const enc = createMetricsEncoder();
    const resource = { 'host.id': 'h1', 'argus.entity.id': 'host:h1' };
    const scope = { name: 'process', version: '1.0.0' };
    const samples = [1000, 2000, 3000].map((t, i) => ({
      time: 1_700_000_000_000 + t,
      resource,
      scope,
      metrics: [
        { name: 'cpu', value: i, unit: '%' },
        {
          name: 'bytes',
          value: 10 * i,
          kind: 'counter' as const,
          attributes: { 'argus.entity.id': 'process:h1:42:7', 'process.pid': 42, dir: 'read' },
        },
      ],
    }));
    const [{ body, points }] = enc.encode(samples, 1000);
    expect(points).toBe(6);
    const msg = types.ExportMetricsServiceRequest.toObject(types.ExportMetricsServiceRequest.decode(body), { longs: String }) as any;
    expect(msg.resourceMetrics).toHaveLength(2);
    const byEntity = Object.fromEntries(
      msg.resourceMetrics.map((rm: any) => [
        rm.resource.attributes.find((a: any) => a.key === 'argus.entity.id').value.stringValue,
        rm.scopeMetrics[0].metrics[0],
      ]),
    );
    expect(byEntity['host:h1'].gauge.dataPoints.map((d: any) => d.timeUnixNano)).toEqual([
      '1700000001000000000',
      '1700000002000000000',
      '1700000003000000000',
    ]);
    const sum = byEntity['process:h1:42:7'].sum;
    expect(sum).toMatchObject({ aggregationTemporality: 2, isMonotonic: true });
    expect(sum.dataPoints).toHaveLength(3);
    expect(new Set(sum.dataPoints.map((d: any) => d.startTimeUnixNano)).size).toBe(1);
    expect(sum.dataPoints[0].attributes).toEqual([{ key: 'dir', value: { stringValue: 'read' } }]);
  });

  it('splits large batches without splitting a sample', () => {
    const enc = createMetricsEncoder();
    const s = {
      time: 1,
      resource: {},
      scope: { name: 'x', version: '1' },
      metrics: Array.from({ length: 60 }, (_, i) => ({ name: `m${i}`, value: i })),
    };
    expect(enc.encode([s, s, s, s], 100).map((r) => r.points)).toEqual([60, 60, 60, 60]);
  });
});

describe('exporter delivery', () => {
  let rec: Recorder;
  let dir: string;
  beforeEach(async () => {
    rec = await startRecorder();
    dir = mkdtempSync(join(tmpdir(), 'argus-exp-'));
  });
  afterEach(async () => {
    await rec.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const make = () =>
    createExporter({
      dataDir: dir,
      spoolMaxBytes: 1e7,
      maxPointsPerRequest: 1000,
      log,
      target: () => ({ endpoint: rec.url, key: 'secret', requestTimeoutMs: 2000, minBackoffMs: 50, maxBackoffMs: 200 }),
    });

  it('honours Retry-After on 503, then replays in order; bad payloads (400) are dropped and counted', async () => {
    rec.failWith(503, { 'retry-after': '1' });
    const exp = make();
    for (let i = 0; i < 5; i++) exp.forward('traces', Buffer.from(`span-${i}`));
    await waitFor(() => rec.requests.length >= 1, 3000, 'first attempt');
    await new Promise((r) => setTimeout(r, 300));
    expect(rec.requests).toHaveLength(1); // waiting out Retry-After, not hammering
    rec.failWith(null);
    await waitFor(() => rec.bodies.length === 5, 5000, 'replay');
    expect(rec.requests[1].at - rec.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(rec.bodies.map((b) => b.body.toString())).toEqual(['span-0', 'span-1', 'span-2', 'span-3', 'span-4']);
    expect(rec.requests[1].headers).toMatchObject({
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
      authorization: 'Bearer secret',
    });

    rec.failWith(400);
    exp.forward('metrics', Buffer.from('garbage'));
    await waitFor(() => exp.stats().rejectedRecords === 1, 3000, 'rejection');
    expect(exp.stats().records).toBe(0);
    await exp.stop();
  });

  it('keeps undelivered payloads across an exporter restart', async () => {
    rec.failWith(503);
    const a = make();
    a.forward('traces', Buffer.from('kept-1'));
    a.forward('traces', Buffer.from('kept-2'));
    await waitFor(() => rec.requests.length >= 1, 3000, 'an attempt');
    await a.stop();
    rec.failWith(null);
    const b = make();
    await waitFor(() => rec.bodies.length >= 2, 5000, 'replay after restart');
    expect(
      rec.bodies.map((x) => x.body.toString()),
      JSON.stringify(rec.requests.map((r) => [r.status, r.at, r.path])),
    ).toEqual(['kept-1', 'kept-2']);
    await b.stop();
  });
});

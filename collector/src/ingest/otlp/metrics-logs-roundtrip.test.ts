import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';
import { TEST_BASE_MS } from '../../../testing/recent-time.js';

let collector: TestCollector;
beforeAll(async () => {
  collector = await startTestCollector();
});
afterAll(async () => {
  await collector?.destroy();
});
const headers = () => ({ Authorization: `Bearer ${collector.ingestKey}` });

/** Acknowledged data is stored right after the acknowledgement (write-ahead log, then a batched insert): poll for it. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 200 && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

describe.each([
  [
    'json',
    () =>
      new JsonMetricExporter({
        url: `${collector.ingestUrl}/v1/metrics`,
        headers: headers(),
        temporalityPreference: AggregationTemporality.CUMULATIVE,
      }),
  ],
  [
    'protobuf',
    () =>
      new ProtoMetricExporter({
        url: `${collector.ingestUrl}/v1/metrics`,
        headers: headers(),
        temporalityPreference: AggregationTemporality.CUMULATIVE,
      }),
  ],
])('OTLP metrics over %s', (kind, makeExporter) => {
  it('stores gauges, sums and histograms with their attributes', async () => {
    const exporter: PushMetricExporter = makeExporter();
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': `m-${kind}`, 'argus.entity.id': `host:${kind}` }),
      readers: [reader],
    });
    const meter = provider.getMeter('m');
    meter.createObservableGauge('temp', { unit: 'Cel' }).addCallback((r) => r.observe(21.5, { room: 'a', flag: false }));
    const counter = meter.createCounter('requests');
    counter.add(3, { route: '/x' });
    counter.add(4, { route: '/x' });
    const hist = meter.createHistogram('latency', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 100] } });
    for (const v of [5, 50, 500, 7]) hist.record(v, { route: '/x' });
    await provider.shutdown(); // one final collection and export

    const s = collector.deps.storage;
    const points = await until(
      () =>
        s.query<{
          metric: string;
          value: number;
          kind: string;
          temporality: string;
          is_monotonic: boolean;
          unit: string;
          attributes: Record<string, string>;
          service: string;
          entity_id: string;
        }>(
          `SELECT metric, value, kind, temporality, is_monotonic, unit, attributes, service, entity_id FROM metric_points WHERE service = {s:String} ORDER BY metric`,
          { s: `m-${kind}` },
        ),
      (r) => r.length >= 2,
    );
    expect(points).toEqual([
      {
        metric: 'requests',
        value: 7,
        kind: 'sum',
        temporality: 'cumulative',
        is_monotonic: true,
        unit: '',
        attributes: { route: '/x' },
        service: `m-${kind}`,
        entity_id: `host:${kind}`,
      },
      {
        metric: 'temp',
        value: 21.5,
        kind: 'gauge',
        temporality: 'unspecified',
        is_monotonic: false,
        unit: 'Cel',
        attributes: { room: 'a', flag: 'false' },
        service: `m-${kind}`,
        entity_id: `host:${kind}`,
      },
    ]);
    const [h] = await until(
      () =>
        s.query(
          `SELECT metric, count, sum, min, max, bucket_counts, explicit_bounds, unit FROM metric_histograms WHERE service = {s:String}`,
          { s: `m-${kind}` },
        ),
      (r) => r.length >= 1,
    );
    expect(h).toEqual({
      metric: 'latency',
      count: 4,
      sum: 562,
      min: 5,
      max: 500,
      bucket_counts: [2, 1, 1],
      explicit_bounds: [10, 100],
      unit: 'ms',
    });
  });
});

describe.each([
  ['json', (): LogRecordExporter => new JsonLogExporter({ url: `${collector.ingestUrl}/v1/logs`, headers: headers() })],
  ['protobuf', (): LogRecordExporter => new ProtoLogExporter({ url: `${collector.ingestUrl}/v1/logs`, headers: headers() })],
])('OTLP logs over %s', (kind, makeExporter) => {
  it('round-trips log records through the query API', async () => {
    const exporter: LogRecordExporter = makeExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': `l-${kind}`, 'res.zero': 0 }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('log-scope', '1.0.0');
    const ts = TEST_BASE_MS;
    logger.emit({
      body: 'user signed in',
      severityNumber: SeverityNumber.INFO,
      severityText: 'INFO',
      timestamp: ts,
      attributes: { 'user.id': 'u1', ok: false, n: 0 },
    });
    logger.emit({ body: { structured: true }, severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', timestamp: ts + 1 });
    await provider.forceFlush();
    await provider.shutdown();
    const { logs } = await until(
      async () =>
        (await (await fetch(`${collector.apiUrl}/api/v1/logs?from=0&service=l-${kind}`)).json()) as { logs: Record<string, unknown>[] },
      (r) => r.logs.length >= 2,
    );
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatchObject({
      timeUnixNano: String(BigInt(ts) * 1_000_000n),
      severityText: 'INFO',
      severityNumber: 9,
      body: 'user signed in',
      attributes: { 'user.id': 'u1', ok: false, n: 0 },
      resource: { 'service.name': `l-${kind}`, 'res.zero': 0 },
      scope: { name: 'log-scope', version: '1.0.0' },
    });
    expect(logs[0]).toMatchObject({ severityNumber: 17, body: { structured: true } });
    const errorsOnly = (await (await fetch(`${collector.apiUrl}/api/v1/logs?from=0&service=l-${kind}&severity=17`)).json()) as {
      logs: unknown[];
    };
    expect(errorsOnly.logs).toHaveLength(1);
  });
});

describe('timestamps before 1973', () => {
  it('accepts a zero start time and a zero log time instead of refusing the batch', async () => {
    const now = String(BigInt(Date.now()) * 1_000_000n);
    const metrics = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'zero-start' } }] },
          scopeMetrics: [
            { metrics: [{ name: 'up', gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: now, startTimeUnixNano: '0' }] } }] },
          ],
        },
      ],
    };
    const logs = {
      resourceLogs: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'zero-start' } }] },
          scopeLogs: [{ logRecords: [{ timeUnixNano: '0', observedTimeUnixNano: now, body: { stringValue: 'no time' } }] }],
        },
      ],
    };
    for (const [path, body] of [
      ['metrics', metrics],
      ['logs', logs],
    ] as const) {
      const res = await fetch(`${collector.ingestUrl}/v1/${path}`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.text()).toBe(200);
    }
    const [p] = await until(
      () =>
        collector.deps.storage.query<{ start: string }>(
          `SELECT toString(start_timestamp) AS start FROM metric_points WHERE service = 'zero-start'`,
        ),
      (r) => r.length > 0,
    );
    expect(p.start).toBe('1970-01-01 00:00:00.000');
  });
});

describe("the Argus tracers' dropped spans", () => {
  it('count in argus_tracer_spans_dropped_total once per /v1/metrics request (the increase of each cumulative point)', async () => {
    let dropped = 3;
    const exporter = new ProtoMetricExporter({
      url: `${collector.ingestUrl}/v1/metrics`,
      headers: headers(),
      temporalityPreference: AggregationTemporality.CUMULATIVE,
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ 'service.name': 'dropping', 'argus.entity.id': 'nodejs:h:1' }),
      readers: [reader],
    });
    provider
      .getMeter('@argus/nodejs')
      .createObservableCounter('argus.tracer.spans.dropped')
      .addCallback((r) => r.observe(dropped, { reason: 'queue_full' }));
    let text = '';
    const counted = async () => {
      text = await (await fetch(`${collector.ingestUrl}/metrics`)).text();
      return /argus_tracer_spans_dropped_total\{reason="queue_full",service="dropping",tenant="[^"]*"\} (\d+)/.exec(text)?.[1];
    };
    // the reader's flush may settle before the collector has answered: poll
    await reader.forceFlush();
    expect(await until(counted, (v) => v === '3')).toBe('3');
    expect(text).toContain('# HELP argus_tracer_spans_dropped_total Spans the Argus tracers could not deliver');
    dropped = 5;
    await reader.forceFlush();
    expect(await until(counted, (v) => v === '5')).toBe('5');
    await provider.shutdown();
  });
});

import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOtlpTypes } from '@argus/otlp';
import { startTestCollector, type TestCollector } from '../../../testing/index.js';
import { testNanos } from '../../../testing/recent-time.js';

const types = loadOtlpTypes();

let c: TestCollector;
beforeAll(async () => {
  c = await startTestCollector({ maxBodyBytes: 64 * 1024, maxPendingRows: 50 });
});
afterAll(async () => {
  await c?.destroy();
});

const span = (i: number, traceId = 'ab'.repeat(16)) => ({
  traceId,
  spanId: (i + 1).toString(16).padStart(16, '0'),
  name: `s${i}`,
  startTimeUnixNano: testNanos(),
  endTimeUnixNano: testNanos(1_000_000),
});
const body = (spans: object[]) =>
  JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] }, scopeSpans: [{ spans }] }],
  });

async function post(init: { body?: BodyInit; headers?: Record<string, string>; path?: string }) {
  const res = await fetch(`${c.ingestUrl}${init.path ?? '/v1/traces'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-argus-key': c.ingestKey, ...init.headers },
    body: init.body,
  });
  const buf = Buffer.from(await res.arrayBuffer());
  const text = res.headers.get('content-type')?.startsWith('application/x-protobuf')
    ? JSON.stringify(types.RpcStatus.toObject(types.RpcStatus.decode(buf)))
    : buf.toString('utf8');
  return { status: res.status, text, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type') ?? '', raw: text };
}

async function storedSpans(): Promise<number> {
  const [r] = await c.deps.storage.query<{ n: number }>("SELECT count() AS n FROM spans WHERE service = 'bad-input'");
  return Number(r.n);
}

/** What an acknowledged request wrote becomes visible once its batch is inserted (acks come from the write-ahead log). */
async function settles(read: () => Promise<number>, expected: number): Promise<number> {
  let v = await read();
  for (let i = 0; i < 200 && v !== expected; i++) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

async function healthy() {
  expect((await fetch(`${c.ingestUrl}/health`)).status).toBe(200);
}

describe('bad input to OTLP ingest', () => {
  it.each([
    [
      'undecodable protobuf',
      { body: Buffer.from([0x0a, 0xff, 0x01, 0x02]), headers: { 'content-type': 'application/x-protobuf' } },
      400,
      /not a valid OTLP protobuf/,
    ],
    ['invalid JSON', { body: '{"resourceSpans": [' }, 400, /not valid JSON/],
    ['JSON of the wrong shape', { body: '{"resourceSpans": {"oops": 1}}' }, 400, /resourceSpans must be an array/],
    [
      'nested wrong shape',
      { body: '{"resourceSpans": [{"scopeSpans": [{"spans": "x"}]}]}' },
      400,
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans must be an array/,
    ],
    ['unsupported content type', { body: 'hello', headers: { 'content-type': 'text/csv' } }, 415, /unsupported Content-Type "text\/csv"/],
    ['unsupported encoding', { body: 'x', headers: { 'content-encoding': 'br' } }, 415, /unsupported Content-Encoding "br"/],
    ['corrupt gzip', { body: Buffer.from('not gzip at all'), headers: { 'content-encoding': 'gzip' } }, 400, /not valid gzip/],
    [
      'body over the limit',
      { body: body(Array.from({ length: 1 }, (_, i) => ({ ...span(i), name: 'x'.repeat(70_000) }))) },
      413,
      /exceeds the limit of 65536 bytes/,
    ],
    [
      'gzip bomb',
      { body: gzipSync(Buffer.alloc(50 * 1024 * 1024, 32)), headers: { 'content-encoding': 'gzip' } },
      413,
      /after decompression/,
    ],
    ['missing key', { body: body([span(1)]), headers: { 'x-argus-key': '' } }, 401, /missing ingest key/],
    ['wrong key', { body: body([span(1)]), headers: { 'x-argus-key': 'ak_wrong' } }, 401, /unknown (or revoked )?ingest key/],
    [
      'wrong bearer',
      { body: body([span(1)]), headers: { 'x-argus-key': '', authorization: 'Bearer nope' } },
      401,
      /unknown (or revoked )?ingest key/,
    ],
  ] as const)('%s: clear 4xx with a message, nothing stored, server fine', async (_name, init, status, message) => {
    const before = await storedSpans();
    const res = await post(init);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.text).message).toMatch(message);
    expect(await storedSpans()).toBe(before);
    await healthy();
  });

  it('a body over the limit sent without a length (chunked): 413 once the limit is passed, nothing stored, server fine', async () => {
    const before = await storedSpans();
    const whole = Buffer.from(body(Array.from({ length: 1 }, (_, i) => ({ ...span(i), name: 'x'.repeat(200_000) }))));
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let at = 0; at < whole.length; at += 16 * 1024) ctl.enqueue(whole.subarray(at, at + 16 * 1024));
        ctl.close();
      },
    });
    const res = await fetch(`${c.ingestUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-argus-key': c.ingestKey },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { message: string }).message).toMatch(/exceeds the limit of 65536 bytes/);
    expect(await storedSpans()).toBe(before);
    await healthy();
  });

  it('overload -> 503 with Retry-After, never an unbounded queue', async () => {
    const res = await post({ body: body(Array.from({ length: 60 }, (_, i) => span(i))) });
    expect(res.status).toBe(503);
    expect(res.retryAfter).toBe('1');
    expect(res.text).toMatch(/waiting to be stored; retry later/);
    await healthy();
  });

  it('invalid items are rejected through partial_success while the rest is stored', async () => {
    const before = await storedSpans();
    const res = await post({ body: body([span(1, 'cd'.repeat(16)), { ...span(2), traceId: 'xyz' }, { ...span(3), spanId: '' }]) });
    expect(res.status).toBe(200);
    const parsed = JSON.parse(res.text);
    expect(parsed.partialSuccess.rejectedSpans).toBe('2');
    expect(parsed.partialSuccess.errorMessage).toMatch(/traceId must be 16 non-zero bytes/);
    expect(await settles(storedSpans, before + 1)).toBe(before + 1);
  });

  it('the Prometheus endpoint counts received, rejected and stored items', async () => {
    const read = async () => (await fetch(`${c.ingestUrl}/metrics`)).text();
    let text = await read();
    for (let i = 0; i < 200 && !/argus_ingest_pending_rows 0/.test(text); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await read();
    }
    expect(text).toMatch(/argus_received_total\{signal="traces"\} \d+/);
    expect(text).toMatch(/argus_rejected_total\{reason="invalid",signal="traces"\} 2/);
    expect(text).toMatch(/argus_stored_total\{table="spans"\} \d+/);
    expect(text).toMatch(/argus_ingest_pending_rows 0/);
    // every request's share of the in-flight budget came back, the answered ones' once their rows were built
    expect(text).toMatch(/argus_ingest_inflight_bytes 0\n/);
    expect(text).toMatch(/argus_wal_bytes \d+/);
    expect(text).toMatch(/argus_insert_seconds_count\{table="spans"\} \d+/);
  });

  it('spans older than the retention window are rejected, not acknowledged and dropped by the TTL', async () => {
    const eightDays = BigInt(8 * 86_400) * 1_000_000_000n;
    const old = (i: number) => ({
      ...span(i),
      startTimeUnixNano: testNanos(-eightDays),
      endTimeUnixNano: testNanos(-eightDays + 1_000_000n),
    });
    const zero = (i: number) => ({ ...span(i), startTimeUnixNano: '0', endTimeUnixNano: '0' });
    const before = await storedSpans();
    const json = await post({ body: body([span(10), old(11), zero(12)]) });
    expect(JSON.parse(json.text).partialSuccess).toEqual({
      rejectedSpans: '2',
      errorMessage: expect.stringMatching(/before the retention window/),
    });
    const hex = (s: string) => Buffer.from(s, 'hex');
    const pb = types.ExportTraceServiceRequest.encode(
      types.ExportTraceServiceRequest.fromObject({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] },
            scopeSpans: [{ spans: [span(13), old(14)].map((s) => ({ ...s, traceId: hex(s.traceId), spanId: hex(s.spanId) })) }],
          },
        ],
      }),
    ).finish();
    const res = await fetch(`${c.ingestUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf', 'x-argus-key': c.ingestKey },
      body: pb as unknown as BodyInit,
    });
    const out = types.ExportTraceServiceResponse.toObject(types.ExportTraceServiceResponse.decode(Buffer.from(await res.arrayBuffer())), {
      longs: Number,
    });
    expect(out.partialSuccess).toMatchObject({ rejectedSpans: 1, errorMessage: expect.stringMatching(/before the retention window/) });
    expect(await settles(storedSpans, before + 2)).toBe(before + 2);
  });
  it('log records and metric points older than what their tables keep are rejected the same way', async () => {
    const count = async (table: string) =>
      Number((await c.deps.storage.query<{ n: number }>(`SELECT count() AS n FROM ${table} WHERE service = 'old-data'`))[0].n);
    const eightDays = BigInt(8 * 86_400) * 1_000_000_000n;
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'old-data' } }] };
    const logs = await post({
      path: '/v1/logs',
      body: JSON.stringify({
        resourceLogs: [
          {
            resource,
            scopeLogs: [
              {
                logRecords: [
                  { timeUnixNano: testNanos(), body: { stringValue: 'fresh' } },
                  { timeUnixNano: testNanos(-eightDays), body: { stringValue: 'old' } },
                  { body: { stringValue: 'no time at all' } },
                  { observedTimeUnixNano: testNanos(), body: { stringValue: 'observed only' } },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(logs.status).toBe(200);
    expect(JSON.parse(logs.text).partialSuccess).toEqual({
      rejectedLogRecords: '2',
      errorMessage: expect.stringMatching(/before the retention window/),
    });
    expect(await settles(() => count('logs'), 2)).toBe(2);

    const yearAndMore = BigInt(401 * 86_400) * 1_000_000_000n;
    const metrics = await post({
      path: '/v1/metrics',
      body: JSON.stringify({
        resourceMetrics: [
          {
            resource,
            scopeMetrics: [
              {
                metrics: [
                  // 8 days old: past the raw points' retention but kept by the rollups, so accepted
                  {
                    name: 'g',
                    gauge: {
                      dataPoints: [
                        { timeUnixNano: testNanos(), asDouble: 1 },
                        { timeUnixNano: testNanos(-eightDays), asDouble: 2 },
                        { timeUnixNano: testNanos(-yearAndMore), asDouble: 3 },
                      ],
                    },
                  },
                  {
                    name: 'h',
                    histogram: {
                      aggregationTemporality: 1,
                      dataPoints: [
                        { timeUnixNano: testNanos(), count: '1', bucketCounts: ['1'], explicitBounds: [] },
                        { timeUnixNano: testNanos(-eightDays), count: '1', bucketCounts: ['1'], explicitBounds: [] },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    expect(metrics.status).toBe(200);
    expect(JSON.parse(metrics.text).partialSuccess).toEqual({
      rejectedDataPoints: '2',
      errorMessage: expect.stringMatching(/400 days.*retention window|retention window.*400 days/s),
    });
    expect(await settles(() => count('metric_histograms'), 1)).toBe(1);
    // the accepted 8-day-old point is in the 1-hour rollup even though the raw 1-second table has expired it
    const rolled = async () =>
      Number(
        (
          await c.deps.storage.query<{ n: number }>(
            `SELECT count() AS n FROM metric_rollup_1h WHERE metric = 'g' AND bucket < now() - INTERVAL 7 DAY`,
          )
        )[0].n,
      );
    expect(await settles(rolled, 1)).toBe(1);
  });
});

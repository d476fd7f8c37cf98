/**
 * Fixed inputs for the byte-identity tests of the shared protobuf writer: the agent's metric samples and the
 * tracer's spans. `golden.json` holds what the two writers this package replaced (agent/src/export/proto-writer.ts
 * and sensors/nodejs/src/otlp/proto-writer.ts, commit 1d29f06) encoded from these inputs, as hex.
 */
export interface GoldenSample {
  time: number;
  resource: Record<string, string | number | boolean>;
  scope: { name: string; version: string };
  metrics: Array<{
    name: string;
    value: number;
    kind?: 'gauge' | 'counter';
    unit?: string;
    attributes?: Record<string, string | number | boolean>;
  }>;
}

const T0 = 1_764_000_000_000;

/** Several ticks of host-, process- and tracer-like samples: counters and gauges, lifted entity attributes, doubles, negatives. */
export function goldenSamples(): GoldenSample[][] {
  const host = { 'host.id': 'h1', 'host.name': 'box-ü', 'argus.entity.id': 'host:h1', 'argus.entity.type': 'host' };
  const agent = { 'host.id': 'h1', 'argus.entity.id': 'agent:h1', 'cloud.zone': 'eu-1a', 'agent.version': '0.1.0' };
  const ticks: GoldenSample[][] = [];
  for (let t = 0; t < 3; t++) {
    const time = T0 + t * 1000;
    const procs = Array.from({ length: 40 }, (_, i): GoldenSample['metrics'] => [
      {
        name: 'process.cpu.time',
        value: 12.5 + i + t,
        kind: 'counter' as const,
        unit: 's',
        attributes: { 'process.pid': 100 + i, 'argus.entity.id': `process:h1:${100 + i}:42`, 'cpu.mode': 'user' },
      },
      {
        name: 'process.memory.usage',
        value: 1_048_576 * (i + 1),
        unit: 'By',
        attributes: { 'process.pid': 100 + i, 'argus.entity.id': `process:h1:${100 + i}:42` },
      },
      {
        name: 'process.threads',
        value: i % 7,
        attributes: {
          'process.pid': 100 + i,
          'argus.entity.id': `process:h1:${100 + i}:42`,
          'container.id': i % 3 ? '' : `c${'0'.repeat(60)}${i}`,
        },
      },
    ]).flat();
    ticks.push([
      {
        time,
        resource: host,
        scope: { name: 'host', version: '1.0.0' },
        metrics: [
          { name: 'system.cpu.utilization', value: 0.25 + t / 100, unit: '1', attributes: { 'cpu.mode': 'user' } },
          { name: 'system.cpu.utilization', value: 0.05, unit: '1', attributes: { 'cpu.mode': 'system' } },
          {
            name: 'system.network.io',
            value: 123_456_789_012 + t,
            kind: 'counter',
            unit: 'By',
            attributes: { direction: 'receive', device: 'eth0' },
          },
          { name: 'system.temperature', value: -12.75 },
          { name: 'system.flag', value: 0, attributes: { up: true, 'ratio.x': 1.5, count: -3 } },
        ],
      },
      { time, resource: host, scope: { name: 'process', version: '1.0.0' }, metrics: procs },
      { time, resource: agent, scope: { name: 'agent', version: '' }, metrics: [{ name: 'agent.cpu.percent', value: 0.713, unit: '%' }] },
    ]);
  }
  return ticks;
}

export interface GoldenSpan {
  scope: number;
  traceId: string;
  spanId: string;
  traceState?: string;
  parentSpanId?: string;
  parentRemote?: boolean;
  name: string;
  kind: number;
  /** [seconds, nanos] */
  start: [number, number];
  end: [number, number];
  attributes: Record<string, unknown>;
  events?: Array<{ name: string; time: [number, number]; attributes?: Record<string, unknown> }>;
  links?: Array<{ traceId: string; spanId: string; traceState?: string; remote?: boolean; attributes?: Record<string, unknown> }>;
  status?: { code: number; message?: string };
}

export const goldenResource: { attributes: Record<string, string | number | boolean>; schemaUrl?: string } = {
  attributes: {
    'service.name': 'shop-ü',
    'service.version': '1.2.3',
    'process.pid': 4242,
    'host.name': 'box',
    'telemetry.sdk.name': 'argus',
  },
  schemaUrl: 'https://opentelemetry.io/schemas/1.27.0',
};
export const goldenScopes: Array<{ name: string; version?: string; schemaUrl?: string }> = [
  { name: '@argus/nodejs/http-server', version: '0.1.0' },
  { name: '@opentelemetry/instrumentation-ioredis', version: '0.71.0', schemaUrl: 'https://opentelemetry.io/schemas/1.27.0' },
  { name: 'no-version' },
];

const hex = (seed: number, bytes: number) => {
  let s = '';
  let x = seed * 2654435761;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += ((x >> 8) & 0xff).toString(16).padStart(2, '0');
  }
  return s;
};

/** Server, client and internal spans of one resource over three scopes, every attribute and field type. */
export function goldenSpans(): GoldenSpan[] {
  const out: GoldenSpan[] = [];
  const longText = `SELECT ${'a, '.repeat(120)}b FROM t WHERE x = $1 -- ünïcödé ✓`;
  for (let i = 0; i < 60; i++) {
    const traceId = hex(i + 1, 16);
    const start: [number, number] = [1_764_000_000 + i, (i * 7_654_321) % 1e9];
    const end: [number, number] = [start[0] + (i % 3), (start[1] + 123_456) % 1e9];
    out.push({
      scope: i % 3,
      traceId,
      spanId: hex(i + 1000, 8),
      traceState: i % 5 === 0 ? 'argus=1,vendor=x' : undefined,
      parentSpanId: i % 4 === 0 ? undefined : hex(i + 2000, 8),
      parentRemote: i % 4 === 1,
      name: i % 3 === 0 ? `GET /items/:id` : i % 3 === 1 ? 'get' : 'ünïcödé span',
      kind: i % 5,
      start,
      end,
      attributes: {
        'http.request.method': 'GET',
        'url.path': `/items/${i}`,
        'server.port': 8080 + i,
        'http.response.status_code': 200 + (i % 4) * 100,
        'db.query.text': i % 6 === 0 ? longText : undefined,
        ratio: i / 7,
        negative: -i - 1,
        big: 2 ** 40 + i,
        'is.cached': i % 2 === 0,
        tags: ['a', 'b', `c${i}`],
        nums: [1, 2.5, -3],
        empty: '',
      },
      events:
        i % 7 === 0
          ? [
              {
                name: 'exception',
                time: [start[0], start[1] + 10],
                attributes: {
                  'exception.type': 'Error',
                  'exception.message': 'boom',
                  'exception.stacktrace': `Error: boom\n${'    at f (x.js:1:1)\n'.repeat(20)}`,
                },
              },
              { name: 'note', time: [start[0], start[1] + 20] },
            ]
          : [],
      links:
        i % 11 === 0
          ? [{ traceId: hex(i + 3000, 16), spanId: hex(i + 4000, 8), traceState: 'k=v', remote: true, attributes: { why: 'batch' } }]
          : [],
      status: i % 4 === 3 ? { code: 2, message: 'Internal ü error' } : i % 4 === 2 ? { code: 2 } : i % 4 === 1 ? { code: 1 } : { code: 0 },
    });
  }
  return out;
}

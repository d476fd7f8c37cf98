/**
 * Agent-side targets: the tracer intake's request path on port 42699 (gzip, OTLP/JSON -> protobuf, the wire-level
 * resource rewrite) and the YAML config loader.
 *
 * Tracer intake, documented failure: IntakeError (400/413/415) or ProtoReadError (400). Property (differential):
 * when protobufjs decodes the tracer's request, it also decodes the rewritten one, with the same number of spans
 * (or metric data points) as the intake counted and as the tracer sent. The timing bound times the intake alone
 * (`time`): the two protobufjs decodes of the check cost some 100 times what the intake does on a 1 MiB request.
 * Config loader, documented failure: AgentError CONFIG_INVALID.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ProtoReadError } from '../../../common/otlp-wire/src/index.js';
import fc from 'fast-check';
import { AgentError } from '../../../agent/src/config/errors.js';
import { CONFIG_ENV_NAMES, loadAgentConfig } from '../../../agent/src/config/load.js';
import { SENSORS } from '../../../agent/src/sensors.js';
import { inflate, IntakeError, jsonToProtobuf } from '../../../agent/src/tracer-intake/codec.js';
import { rewriteRequest } from '../../../agent/src/tracer-intake/rewrite.js';
import { violated, type FuzzTarget } from '../harness.js';
import { bigRequest, encodeJson, encodeProtobuf, otlpTypes, PROTOBUF_DICTIONARY, requestArb } from '../generators/otlp.js';

const identity = { hostId: 'h1', hostName: 'host-1', hostEntityId: 'host:h1', zone: 'z' };
const resolveProcess = (pid: number) => (pid % 2 ? { entityId: `process:h1:${pid}:1`, containerId: 'c1' } : undefined);

type Msg = { resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[]; resourceMetrics?: { scopeMetrics?: { metrics?: unknown[] }[] }[] };
const spansIn = (m: Msg) =>
  (m.resourceSpans ?? []).reduce((n, r) => n + (r.scopeSpans ?? []).reduce((k, s) => k + (s.spans ?? []).length, 0), 0);
const metricsIn = (m: Msg) =>
  (m.resourceMetrics ?? []).reduce((n, r) => n + (r.scopeMetrics ?? []).reduce((k, s) => k + (s.metrics ?? []).length, 0), 0);

/** The intake's request path: inflate, OTLP/JSON to protobuf, the wire-level rewrite (undefined for no input). */
function intake(data: Buffer) {
  if (!data.length) return undefined;
  const kind = data[0] & 1 ? 'metrics' : 'traces';
  const json = (data[0] & 2) !== 0;
  const raw = inflate(data.subarray(1), data[0] & 4 ? 'gzip' : undefined, 1024 * 1024);
  const protobuf = json ? jsonToProtobuf(kind, otlpTypes, raw) : raw;
  const out = rewriteRequest(kind, protobuf, identity, resolveProcess, { remoteAddress: '127.0.0.1', remotePort: 1 });
  return { kind, json, protobuf, out } as const;
}

/** Input layout: byte 0 bit 0 = traces/metrics, bit 1 = JSON, bit 2 = gzip; the rest is the body. */
export const tracerIntake: FuzzTarget = {
  name: 'tracer-intake',
  covers: 'agent :42699 POST /v1/traces, /v1/metrics: gzip, OTLP/JSON -> protobuf, wire-level resource rewrite',
  documented: (e) => e instanceof IntakeError || e instanceof ProtoReadError,
  generate: fc.tuple(fc.nat(7), fc.oneof(requestArb.traces, requestArb.metrics)).map(([flags, req]) => {
    const kind = 'resourceSpans' in req ? 'traces' : 'metrics';
    let body = flags & 2 ? encodeJson(kind, req) : encodeProtobuf(kind, req);
    if (flags & 4) body = gzipSync(body);
    return Buffer.concat([Buffer.from([(flags & 6) | (kind === 'traces' ? 0 : 1)]), body]);
  }),
  dictionary: PROTOBUF_DICTIONARY,
  big: () => Buffer.concat([Buffer.from([0]), bigRequest('traces', 'protobuf')]),
  time: (data) => void intake(data),
  run(data) {
    const r = intake(data);
    if (!r) return 'empty';
    const { kind, json, protobuf, out } = r;
    const T = kind === 'traces' ? otlpTypes.ExportTraceServiceRequest : otlpTypes.ExportMetricsServiceRequest;
    let before: Msg;
    try {
      before = T.decode(protobuf) as Msg;
    } catch {
      return `${kind}:tracer-body-not-protobufjs`;
    }
    let after: Msg;
    try {
      after = T.decode(out.body) as Msg;
    } catch (e) {
      return violated(`protobufjs decodes the tracer's request but not the rewritten one: ${(e as Error).message}`);
    }
    if (kind === 'traces') {
      const [a, b] = [spansIn(before), spansIn(after)];
      if (a !== b || out.spanCount !== a) violated(`spans: tracer sent ${a}, rewritten holds ${b}, intake counted ${out.spanCount}`);
    } else if (metricsIn(before) !== metricsIn(after)) violated(`metrics: tracer sent ${metricsIn(before)}, rewritten ${metricsIn(after)}`);
    return `${kind}:${json ? 'json' : 'pb'}:ok:${Math.min(out.spanCount, 3)}`;
  },
};

const dir = mkdtempSync(join(tmpdir(), 'argus-fuzz-yaml-'));
const file = join(dir, 'agent.yaml');

const yamlValue = fc.oneof(
  fc.constantFrom('true', 'false', '~', '0', '-1', '1e9', '0x10', '"x"', "'y'", '[]', '{}', '*a', '&a 1', '!!binary aGk=', '|\n  text'),
  fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)),
  fc.integer().map(String),
);
const sensorKeys = ['host', 'process', 'container', 'nginx', 'postgres', 'redis', 'nope'];
const sensorBlock = fc
  .tuple(
    fc.constantFrom(...sensorKeys),
    fc.array(fc.tuple(fc.constantFrom('enabled', 'intervalMs', 'statusUrl', 'url', 'include', 'x'), yamlValue), { maxLength: 3 }),
  )
  .map(([name, kvs]) => `  ${name}:\n${kvs.map(([k, v]) => `    ${k}: ${v}`).join('\n')}`);
const agentYaml = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.constantFrom('endpoint', 'key', 'zone', 'tags', 'port', 'logLevel', 'dataDir', 'procRoot', 'spool', 'imds', 'zzz'),
        yamlValue,
      ),
      { maxLength: 6 },
    ),
    fc.array(sensorBlock, { maxLength: 3 }),
  )
  .map(([top, sensors]) => `${top.map(([k, v]) => `${k}: ${v}`).join('\n')}\n${sensors.length ? `sensors:\n${sensors.join('\n')}\n` : ''}`);
/** environment variables for the overlay, as `#env NAME=value` comment lines of the file (YAML ignores them) */
const envValue = fc.oneof(
  fc.constantFrom('1', 'true', 'off', 'no', '-3', '8080', ' 42 ', '1.5', 'http://x:1', 'host,nginx', ''),
  fc.string({ maxLength: 12 }),
);
const envLines = fc
  .array(fc.tuple(fc.constantFrom(...CONFIG_ENV_NAMES), envValue), { maxLength: 3 })
  .map((kvs) => kvs.map(([k, v]) => `#env ${k}=${v.replace(/\n/g, ' ')}\n`).join(''));
const ENV_LINE = /^#env (ARGUS_[A-Z_]+)=(.*)$/gm;

export const agentConfig: FuzzTarget = {
  name: 'agent-config',
  covers: 'agent.yaml loader: YAML parse, env overlay (`#env NAME=value` lines of the input), agent schema, every sensor block schema',
  documented: (e) => e instanceof AgentError && (e.code === 'CONFIG_INVALID' || e.code === 'CONFIG_UNREADABLE'),
  generate: fc.tuple(envLines, agentYaml).map(([env, yaml]) => Buffer.from(env + yaml)),
  seeds: () => [Buffer.from('endpoint: http://127.0.0.1:4318\nkey: k\nsensors:\n  nginx:\n    enabled: false\n')],
  dictionary: [
    ...CONFIG_ENV_NAMES.map((n) => `\n#env ${n}=`),
    '&a [*a, *a, *a]\n',
    '<<: *a\n',
    'sensors:\n',
    '  - ',
    ': ',
    '{',
    '[',
    '"',
    "'",
    '\t',
    '!!js/function',
    '? ',
  ].map((s) => Buffer.from(s)),
  maxBytes: 16 * 1024,
  // ~250 KiB, near the loader's limit (256 KiB, MAX_CONFIG_BYTES): a valid file with 6,000 host tags
  big: () =>
    Buffer.from(
      `endpoint: http://127.0.0.1:4318\ntags:\n${Array.from({ length: 6_000 }, (_, i) => `  team-${i}: "owner ${i} of the thing"\n`).join('')}`,
    ),
  run(data) {
    const c = loadConfigFile(data);
    return `ok:${Object.values(c.sensors).filter((s) => s.enabled).length}`;
  },
  time: (data) => void loadConfigFile(data),
};

/**
 * The loader on a file holding `data`: the harness writes the file once per distinct input (the timing re-runs an
 * input, and writing it is the harness's work, not the loader's); the loader reads, parses and validates it each time.
 */
let written: Buffer | undefined;
function loadConfigFile(data: Buffer) {
  if (written === undefined || !written.equals(data)) {
    writeFileSync(file, data);
    written = Buffer.from(data);
  }
  const env: Record<string, string> = {};
  for (const [, name, value] of data.toString('utf8').matchAll(ENV_LINE)) env[name] = value;
  return loadAgentConfig({ path: file, sensors: SENSORS, env });
}

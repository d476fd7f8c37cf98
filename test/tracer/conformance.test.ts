/**
 * Conformance of the lean recording path: the same workload (express -> ioredis, pg, fetch/undici and node:http ->
 * fastify; test/fixtures/tracer-app/conformance) runs once with the Argus tracer and once with the OpenTelemetry SDK
 * (NodeTracerProvider + BatchSpanProcessor + OTLP proto exporter, same instrumentations and options), against real
 * PostgreSQL and Redis. Both export OTLP/protobuf to a receiver here; every span is compared field by field: name,
 * kind, scope, attributes, status, events, links, flags and its place in the trace. The only differences allowed are
 * the ones Argus makes on purpose, each asserted exactly (see EXPECTED_DIFFERENCES).
 */
import { loadOtlpTypes } from '@argus/otlp';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../servers/index.js';
import { fixturesDir } from './apps.js';
import { normalizeTrace, type NormalSpan } from './conformance-normalize.js';
import { TRACER_VERSION } from '../../sensors/nodejs/src/version.js';

const types = loadOtlpTypes();
let redis: RedisServer;
let postgres: PostgresServer;
const received: Record<'lean' | 'sdk', Buffer[]> = { lean: [], sdk: [] };
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const mode = req.url?.startsWith('/lean') ? 'lean' : 'sdk';
      if (req.url?.endsWith('/v1/traces')) received[mode].push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 }).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => receiver.close(r));
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

function run(mode: 'lean' | 'sdk'): Promise<void> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('ARGUS_') && !k.startsWith('OTEL_') && k !== 'NODE_OPTIONS'),
  );
  const env = {
    ...clean,
    REDIS_PORT: String(redis.port),
    PGHOST: '127.0.0.1',
    PGPORT: String(postgres.port),
    PGUSER: postgres.user,
    PGDATABASE: postgres.database,
    ARGUS_ENDPOINT: `${receiverUrl}/lean`,
    ARGUS_KEY: 'k',
    ARGUS_METRICS_INTERVAL_MS: '600000',
    OTLP_URL: `${receiverUrl}/sdk`,
  };
  const child = spawn(process.execPath, ['--require', `./${mode}.cjs`, 'app.js'], { cwd: `${fixturesDir}conformance`, env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${mode} run timed out: ${out}`));
    }, 40_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes('DONE')) resolve();
      else reject(new Error(`${mode} run exited with ${String(code)}: ${out}`));
    });
  });
}

/**
 * What Argus records differently from the SDK path, on purpose, and nothing else: incoming HTTP spans come from its
 * diagnostics-channel server (same attributes, its own scope); query values of credential-like parameters are
 * REDACTED (the SDK redacts only a few signature parameters); SQL literals become `?`.
 */
function withArgusDifferences(span: NormalSpan): NormalSpan {
  const a = { ...span.attributes };
  for (const [key, value] of Object.entries(a)) {
    if (typeof value !== 'string') continue;
    if (key === 'url.full' || key === 'url.query') a[key] = value.replace('token=abc', 'token=REDACTED');
    if (key === 'db.query.text') a[key] = value.replace("'literal' AS kind WHERE 42 > 1", '? AS kind WHERE ? > ?');
  }
  const serverScope = span.kind === 2 && span.scope.startsWith('@opentelemetry/instrumentation-http@');
  return { ...span, attributes: a, scope: serverScope ? `@argus/nodejs/http-server@${TRACER_VERSION}` : span.scope };
}

function spansOf(mode: 'lean' | 'sdk'): NormalSpan[][] {
  const all = received[mode].flatMap((body) => {
    const req = types.ExportTraceServiceRequest.toObject(types.ExportTraceServiceRequest.decode(body), {
      longs: String,
      bytes: String,
      defaults: false,
    }) as { resourceSpans?: Array<{ scopeSpans?: Array<{ scope?: { name: string; version?: string }; spans?: unknown[] }> }> };
    return (req.resourceSpans ?? []).flatMap((rs) =>
      (rs.scopeSpans ?? []).flatMap((ss) => (ss.spans ?? []).map((span) => ({ scope: ss.scope, span: span as Record<string, any> }))),
    );
  });
  return normalizeTrace(all);
}

describe('lean recording path vs the OpenTelemetry SDK, field by field', () => {
  it('records the same spans and attributes for http, express, fastify, pg, ioredis and undici', async () => {
    await run('lean');
    await run('sdk');
    const lean = spansOf('lean');
    const sdk = spansOf('sdk');
    // the workload: 4 traces (2 x /users/:id with redis, pg, fetch and http to fastify; /boom; an unknown route)
    expect(lean.map((t) => t.length)).toEqual([16, 15, 5, 2]);
    const scopes = new Set(lean.flat().map((s) => s.scope.replace(/@[^@]*$/, '')));
    for (const name of ['http', 'express', 'ioredis', 'pg', 'undici'])
      expect([...scopes]).toContain(`@opentelemetry/instrumentation-${name}`);
    expect([...scopes]).toContain('@fastify/otel');
    expect([...scopes]).toContain('@argus/nodejs/http-server');
    expect(lean).toEqual(sdk.map((trace) => trace.map(withArgusDifferences)));
    // and they really were differences: without them the runs would not compare equal
    expect(sdk).not.toEqual(lean);
  });
});

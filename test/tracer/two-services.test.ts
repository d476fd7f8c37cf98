/**
 * Two real services, each started with only `--import @argus/nodejs/register`:
 * shop-frontend (express, ESM) -> Redis and -> inventory-api (fastify, CommonJS) -> PostgreSQL.
 * shop-frontend exports straight to the collector (ARGUS_ENDPOINT); inventory-api goes through the agent's
 * tracer intake, which adds host and process identity.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_ATTRIBUTES_EXPR, startTestCollector, type TestCollector } from '@argus/collector/testing';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from '../servers/index.js';
import { poll, serverTimingTraceparent, startApp, type RunningApp } from './apps.js';
import { startIntakeTo, TEST_HOST_ID, type TestIntake } from './collector-intake.js';

let redis: RedisServer;
let postgres: PostgresServer;
let collector: TestCollector;
let intake: TestIntake;
let shop: RunningApp;
let inventory: RunningApp;

beforeAll(async () => {
  [redis, postgres, collector] = await Promise.all([startRedis(), startPostgres(), startTestCollector()]);
  const db = new pg.Client({ host: '127.0.0.1', port: postgres.port, user: postgres.user, database: postgres.database });
  await db.connect();
  await db.query('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, stock int NOT NULL)');
  await db.query("INSERT INTO items VALUES (1, 'kettle', 7), (2, 'teapot', 0)");
  await db.end();
  intake = await startIntakeTo(collector);
  const fast = { ARGUS_FLUSH_MS: '200', ARGUS_METRICS_INTERVAL_MS: '500' };
  inventory = await startApp('inventory-api', {
    ...fast,
    ARGUS_AGENT_PORT: String(intake.port),
    PGHOST: '127.0.0.1',
    PGPORT: String(postgres.port),
    PGUSER: postgres.user,
    PGDATABASE: postgres.database,
  });
  shop = await startApp('shop-frontend', {
    ...fast,
    ARGUS_ENDPOINT: collector.ingestUrl,
    ARGUS_KEY: collector.ingestKey,
    INVENTORY_URL: inventory.url,
    REDIS_PORT: String(redis.port),
  });
});

afterAll(async () => {
  await Promise.allSettled([shop?.stop(), inventory?.stop()]);
  await intake?.intake.stop();
  await collector?.destroy();
  await Promise.allSettled([redis?.stop(), postgres?.stop()]);
});

interface SpanRow {
  span_id: string;
  parent_span_id: string;
  name: string;
  kind: number;
  service: string;
  service_version: string;
  http_route: string;
  http_status: number;
  url_full: string;
  db_system: string;
  db_statement: string;
  server_address: string;
  status_code: number;
  has_error: boolean;
  entity_id: string;
  process_pid: number;
  host_name: string;
  resource: Record<string, string>;
  attributes: Record<string, string>;
  events: string[];
  scope_name: string;
}

async function spansOf(traceId: string): Promise<SpanRow[]> {
  return collector.deps.storage.query<SpanRow>(
    `SELECT lower(hex(span_id)) AS span_id, lower(hex(parent_span_id)) AS parent_span_id, name, kind, service, service_version,
            http_route, http_status, url_full, db_system, db_statement, server_address, status_code, has_error, entity_id,
            process_pid, host_name, ${RESOURCE_ATTRIBUTES_EXPR} AS resource, attributes, \`events.name\` AS events, scope_name
       FROM spans WHERE trace_id = unhex({id:String}) ORDER BY timestamp`,
    { id: traceId },
  );
}

/** Waits until the trace holds the server spans of both services and the database calls. */
function waitForTrace(traceId: string, done: (spans: SpanRow[]) => boolean) {
  return poll(`trace ${traceId}`, async () => {
    const spans = await spansOf(traceId);
    return done(spans) ? spans : undefined;
  });
}

const ROOT = '0000000000000000';
const SERVER = 2;
const CLIENT = 3;

describe('Node.js tracer, two services', () => {
  it('records one trace per request with parent/child links, routes, db calls, identity; Server-Timing matches', async () => {
    const res = await fetch(`${shop.url}/orders/1?token=qzsecretqz&page=2`, { headers: { origin: 'http://shop.example' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ order: '1', item: { id: 1, name: 'kettle', stock: 7 }, visits: true });
    const tp = serverTimingTraceparent(res.headers.get('server-timing'));
    expect(tp, `Server-Timing: ${String(res.headers.get('server-timing'))}`).toBeDefined();
    expect(res.headers.get('access-control-expose-headers')).toContain('Server-Timing');
    expect(res.headers.get('timing-allow-origin')).toBe('*');

    const spans = await waitForTrace(
      tp!.traceId,
      (s) =>
        s.some((x) => x.service === 'inventory-api' && x.db_system === 'postgresql') &&
        s.some((x) => x.service === 'shop-frontend' && x.kind === SERVER),
    );

    // service A: the root server span is the one named in Server-Timing
    const shopServer = spans.find((s) => s.service === 'shop-frontend' && s.kind === SERVER)!;
    expect(shopServer.span_id).toBe(tp!.spanId);
    expect(shopServer.parent_span_id).toBe(ROOT);
    expect(shopServer.http_route).toBe('/orders/:id');
    expect(shopServer.http_status).toBe(200);
    expect(shopServer.service_version).toBe('1.4.2');
    expect(shopServer.process_pid).toBe(shop.pid);
    expect(spans.filter((s) => s.parent_span_id === ROOT)).toHaveLength(1);

    // Redis calls from A: client spans, statement without arguments
    const redisSpans = spans.filter((s) => s.db_system === 'redis');
    expect(redisSpans.map((s) => s.db_statement).sort()).toEqual(['incr', 'set']);
    for (const r of redisSpans) {
      expect(r.kind).toBe(CLIENT);
      expect(r.server_address).toBe('127.0.0.1');
    }

    // the HTTP call A -> B: a client span in A is the parent of B's server span
    const inventoryServer = spans.find((s) => s.service === 'inventory-api' && s.kind === SERVER)!;
    expect(inventoryServer).toBeDefined();
    const shopClient = spans.find((s) => s.span_id === inventoryServer.parent_span_id)!;
    expect(shopClient.service).toBe('shop-frontend');
    expect(shopClient.kind).toBe(CLIENT);
    expect(shopClient.http_status).toBe(200);
    expect(inventoryServer.http_route).toBe('/items/:id');
    expect(inventoryServer.http_status).toBe(200);

    // B's database call: parameterized statement, literals stripped, server address
    const query = spans.find((s) => s.service === 'inventory-api' && s.db_system === 'postgresql' && s.db_statement !== '')!;
    expect(query.db_statement).toContain('FROM items WHERE id = $1');
    expect(query.db_statement).not.toContain('secret-literal');
    expect(query.server_address).toBe('127.0.0.1');

    // every span hangs off another span of the same trace
    const ids = new Set(spans.map((s) => s.span_id));
    for (const s of spans) if (s.parent_span_id !== ROOT) expect(ids.has(s.parent_span_id), `${s.service} ${s.name}`).toBe(true);

    // identity added by the agent intake to B's spans
    for (const s of spans.filter((x) => x.service === 'inventory-api')) {
      expect(s.entity_id).toBe(`nodejs:${TEST_HOST_ID}:${inventory.pid}`);
      expect(s.resource['host.id']).toBe(TEST_HOST_ID);
      expect(s.host_name).toBe('tracer-test-host');
      expect(s.resource['argus.process.entity.id']).toMatch(new RegExp(`^process:${TEST_HOST_ID}:${inventory.pid}:\\d+$`));
    }
    const runtime = intake.runtimes.find((r) => r.id === `nodejs:${TEST_HOST_ID}:${inventory.pid}`);
    expect(runtime).toMatchObject({ type: 'nodejs', name: 'inventory-api', attributes: { 'service.version': '2.0.1' } });
    expect(runtime!.parentId).toMatch(new RegExp(`^process:${TEST_HOST_ID}:${inventory.pid}:`));

    // redaction: the token value is stored nowhere (a value that cannot occur in a hex id or a timestamp)
    expect(JSON.stringify(spans)).not.toContain('qzsecretqz');
    expect(shopServer.url_full || shopServer.attributes['url.query'] || shopServer.attributes['http.target'] || '').toContain(
      'token=REDACTED',
    );
  });

  it('records errors with status and exception events across both services', async () => {
    const res = await fetch(`${shop.url}/orders/fail`);
    expect(res.status).toBe(500);
    const tp = serverTimingTraceparent(res.headers.get('server-timing'))!;
    expect(tp).toBeDefined();
    const spans = await waitForTrace(
      tp.traceId,
      (s) =>
        s.some((x) => x.service === 'inventory-api' && x.kind === SERVER) &&
        s.some((x) => x.service === 'shop-frontend' && x.kind === SERVER),
    );
    const failedQuery = spans.find((s) => s.db_system === 'postgresql' && s.db_statement.includes('missing_table'))!;
    expect(failedQuery.status_code).toBe(2);
    const inventoryServer = spans.find((s) => s.service === 'inventory-api' && s.kind === SERVER)!;
    expect(inventoryServer.http_status).toBe(500);
    expect(inventoryServer.has_error).toBe(true);
    const shopServer = spans.find((s) => s.service === 'shop-frontend' && s.kind === SERVER)!;
    expect(shopServer.http_status).toBe(500);
    expect(shopServer.has_error).toBe(true);
    const withException = spans.filter((s) => s.events.includes('exception'));
    expect(new Set(withException.map((s) => s.service))).toEqual(new Set(['inventory-api', 'shop-frontend']));
  });

  it('sends runtime metrics every interval, tied to the nodejs entity through the intake', async () => {
    const entity = `nodejs:${TEST_HOST_ID}:${inventory.pid}`;
    const rows = await poll('runtime metrics', async () => {
      const r = await collector.deps.storage.query<{ metric: string }>(
        `SELECT DISTINCT metric FROM metric_points WHERE entity_id = {e:String}`,
        { e: entity },
      );
      const names = r.map((x) => x.metric);
      return ['nodejs.eventloop.delay.p99', 'nodejs.heap.used', 'nodejs.gc.count', 'process.cpu.time', 'v8js.memory.heap.used'].every((m) =>
        names.includes(m),
      )
        ? names
        : undefined;
    });
    expect(rows).toContain('nodejs.eventloop.utilization');
    const direct = await poll('direct runtime metrics', async () => {
      const r = await collector.deps.storage.query<{ n: string }>(
        `SELECT count() AS n FROM metric_points WHERE service = 'shop-frontend' AND metric = 'process.memory.usage'`,
      );
      return Number(r[0]?.n) > 0 ? r : undefined;
    });
    expect(direct.length).toBe(1);
  });
});

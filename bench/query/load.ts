import type { Storage } from '../../collector/src/storage/storage.js';
import { tsvString } from '../../collector/src/storage/tsv.js';
import { SERVICES, TEMPLATE_MIX, templates } from './topology.js';

const COLS = [
  'tpl',
  'idx',
  'parent',
  'kind',
  'service',
  'name',
  'http_method',
  'http_route',
  'url_path',
  'server_address',
  'db_system',
  'db_namespace',
  'db_operation',
  'db_collection',
  'messaging_system',
  'messaging_destination',
  'offset_ms',
  'dur_ms',
] as const;

export async function createTemplateTable(storage: Storage): Promise<void> {
  await storage.command('DROP TABLE IF EXISTS bench_template');
  await storage.command(`CREATE TABLE bench_template (tpl UInt8, idx UInt8, parent Int16, kind UInt8, service String, name String,
    http_method String, http_route String, url_path String, server_address String, db_system String, db_namespace String,
    db_operation String, db_collection String, messaging_system String, messaging_destination String, offset_ms UInt32, dur_ms Float64) ENGINE = Memory`);
  const body = templates()
    .map(
      (s) =>
        [
          s.tpl,
          s.idx,
          s.parent,
          s.kind,
          s.service,
          s.name,
          s.httpMethod ?? '',
          s.httpRoute ?? '',
          s.urlPath ?? '',
          s.serverAddress ?? '',
          s.dbSystem ?? '',
          s.dbNamespace ?? '',
          s.dbOperation ?? '',
          s.dbCollection ?? '',
          s.messagingSystem ?? '',
          s.messagingDestination ?? '',
          s.offsetMs,
          s.durMs,
        ]
          .map((v) => tsvString(String(v)))
          .join('\t') + '\n',
    )
    .join('');
  await storage.insertTsv('bench_template', COLS, body);
}

const id8 = (expr: string) => `toFixedString(unhex(leftPad(hex(${expr}), 16, '0')), 8)`;

/**
 * Inserts traces [first, first + count) of `total` spread evenly over [dayStartMs, dayStartMs + 24 h) through the
 * real `spans` table (derive.ts then computes the rows the collector derives on ingest). About 15 attributes per span: the promoted
 * columns plus 8 free-form attributes; 6 resource attributes (as the collector stores them: a JSON object, migration 009).
 */
export async function insertTraces(storage: Storage, first: number, count: number, total: number, dayStartMs: number): Promise<void> {
  const services = `[${SERVICES.map((s) => `'${s}'`).join(',')}]`;
  await storage.command(
    `INSERT INTO spans (tenant, timestamp, trace_id, span_id, parent_span_id, name, kind, duration_ns, status_code, status_message, has_error,
       service, service_version, service_instance, host_name, entity_id, process_pid, scope_name, scope_version, http_method, http_route, http_status,
       url_path, server_address, server_port, db_system, db_namespace, db_operation, db_collection, db_statement, messaging_system, messaging_destination,
       attributes, resource_json)
     SELECT 'default',
       toDateTime64(fromUnixTimestamp64Milli(toInt64(${dayStartMs} + intDiv(tn * 86400000, ${total}) + offset_ms)), 9, 'UTC'),
       toFixedString(concat(unhex(leftPad(hex(cityHash64(tn, 1)), 16, '0')), unhex(leftPad(hex(cityHash64(tn, 2)), 16, '0'))), 16),
       ${id8('cityHash64(tn, 10 + idx)')},
       if(parent < 0, toFixedString(unhex('0000000000000000'), 8), ${id8('cityHash64(tn, 10 + parent)')}),
       name, kind,
       toUInt64(dur_ms * 1e6 * (0.5 + (cityHash64(tn, idx, 3) % 1000) / 1000)),
       if(err, 2, 0), if(err, 'upstream failure', ''), err,
       service, '1.4.2', concat(service, '-', toString(svc % 3)), concat('host-', toString(svc % 6)),
       concat('nodejs:mid-host-', toString(svc % 6), ':', toString(1000 + svc)), 1000 + svc, '@opentelemetry/instrumentation-http', '0.223.0',
       http_method, http_route, if(http_method != '', if(err, 500, 200), 0), url_path, server_address, if(server_address != '', 443, 0),
       db_system, db_namespace, db_operation, db_collection,
       if(db_system IN ('postgresql', 'clickhouse'), concat(db_operation, ' ... ', db_collection, ' WHERE id = $1'), ''),
       messaging_system, messaging_destination,
       map('user.id', toString(tn % 50000), 'customer.tier', arrayElement(['gold', 'silver', 'bronze'], tn % 3 + 1),
           'region', arrayElement(['eu-west-1', 'us-east-1', 'ap-south-1', 'us-west-2'], tn % 4 + 1), 'request.id', lower(hex(cityHash64(tn, 9))),
           'feature.flag', concat('new-checkout-', toString(tn % 2)), 'user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0',
           'thread.name', concat('worker-', toString(idx % 4)), 'session.id', lower(hex(cityHash64(tn % 100000, 7)))),
       toJSONString(map('service.name', service, 'host.name', concat('host-', toString(svc % 6)), 'host.id', concat('mid-host-', toString(svc % 6)),
           'process.pid', toString(1000 + svc), 'service.version', '1.4.2', 'telemetry.sdk.language', 'nodejs'))
     FROM (
       SELECT t.tn AS tn, s.idx AS idx, s.parent AS parent, s.kind AS kind, s.service AS service, s.name AS name, s.http_method AS http_method,
         s.http_route AS http_route, s.url_path AS url_path, s.server_address AS server_address, s.db_system AS db_system, s.db_namespace AS db_namespace,
         s.db_operation AS db_operation, s.db_collection AS db_collection, s.messaging_system AS messaging_system,
         s.messaging_destination AS messaging_destination, s.offset_ms AS offset_ms, s.dur_ms AS dur_ms, indexOf(${services}, s.service) AS svc,
         s.kind = 2 AND ((s.service = 'payments' AND t.tn % 50 = 0) OR (s.service = 'pricing' AND t.tn % 200 = 0)) AS err
       FROM (SELECT number AS tn, arrayElement([${TEMPLATE_MIX.join(',')}], tn % 20 + 1) AS tpl FROM numbers(${first}, ${count})) AS t
       INNER JOIN bench_template AS s ON s.tpl = t.tpl
     )`,
  );
}

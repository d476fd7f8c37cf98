import { fileURLToPath } from 'node:url';
import { loadOtlpTypes } from '@argus/otlp';
import type { Context } from 'hono';
import { ArgusError } from '../../errors.js';
import type { AppEnv, CollectorDeps, CollectorModule } from '../../module.js';
import { createBatchWriter, type BatchWriter } from '../../storage/batch-writer.js';
import { bodyType, readBody } from '../read-body.js';
import { decodeRequest, decodeTraceRows, encodeResponse, type Signal } from './decode.js';
import { createTraceRowBuilder } from './fast-span-rows.js';
import { buildLogRows, LOG_COLUMNS, type LogsRequest } from './log-rows.js';
import { buildMetricRows, HISTOGRAM_COLUMNS, LONGEST_ROLLUP_DAYS, POINT_COLUMNS, type MetricsRequest } from './metric-rows.js';
import { SPAN_COLUMNS, type RowBatch } from './span-rows.js';
import type { BodyType } from '../read-body.js';

export const CORE_MIGRATIONS = fileURLToPath(new URL('../../storage/migrations', import.meta.url));

/** OTLP/HTTP ingest: POST /v1/traces, /v1/metrics, /v1/logs (protobuf or JSON, gzip), plus the core tables. */
export function createOtlpModule(): CollectorModule {
  const types = loadOtlpTypes();
  const traceRows = createTraceRowBuilder();
  const writers: BatchWriter[] = [];

  return {
    name: 'otlp',
    migrationsDir: CORE_MIGRATIONS,
    ingest(app, deps) {
      const w = (table: string, columns: readonly string[]) => {
        const writer = createBatchWriter(deps.storage, {
          table,
          columns,
          flushMs: deps.config.batchFlushMs,
          minRows: deps.config.batchMinRows,
          maxPendingRows: deps.config.maxPendingRows,
          maxPendingBytes: deps.config.maxPendingBytes,
          log: deps.log,
          telemetry: deps.telemetry,
        });
        writers.push(writer);
        return writer;
      };
      const spans = w('spans', SPAN_COLUMNS);
      const points = w('metric_points', POINT_COLUMNS);
      const histograms = w('metric_histograms', HISTOGRAM_COLUMNS);
      const logs = w('logs', LOG_COLUMNS);

      type Build = (tenant: string, req: unknown, type: BodyType, body: Buffer) => { writer: BatchWriter; batch: RowBatch }[];
      const handle =
        (signal: Signal, build: Build, decode = true) =>
        async (c: Context<AppEnv>) => {
          const type = bodyType(c, ['protobuf', 'json']);
          const body = await readBody(c, deps.config.maxBodyBytes);
          const req = decode ? decodeRequest(types, signal, type, body) : undefined;
          const parts = build(c.get('tenant'), req, type, body);
          let rejected = 0;
          const errors: string[] = [];
          for (const { batch } of parts) {
            deps.telemetry.count('argus_received_total', { signal }, batch.rows + batch.rejected);
            rejected += batch.rejected;
            errors.push(...batch.errors);
          }
          if (rejected) deps.telemetry.count('argus_rejected_total', { signal, reason: 'invalid' }, rejected);
          try {
            await Promise.all(parts.map(({ writer, batch }) => writer.write(batch.lines, batch.rows)));
          } catch (e) {
            if (e instanceof ArgusError) throw e;
            deps.log.error({ err: (e as Error).message, signal }, 'storage write failed');
            throw new ArgusError('STORAGE_UNAVAILABLE', `storage is unavailable, retry later: ${(e as Error).message}`, 503, 5);
          }
          const message = rejected ? `${rejected} rejected: ${[...new Set(errors)].join('; ')}` : '';
          const out = encodeResponse(types, signal, type, rejected, message);
          return typeof out === 'string'
            ? c.body(out, 200, { 'content-type': 'application/json' })
            : c.body(out as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/x-protobuf' });
        };

      // items a table's retention TTL would drop on insert are rejected (partial_success), never acknowledged and
      // lost; one minute of margin covers the time between this check and the insert
      const oldestSec = (days: number) => Math.floor(Date.now() / 1000) - days * 86_400 + 60;
      const minStartSec = () => oldestSec(deps.config.retentionDays);
      app.post(
        '/v1/traces',
        deps.tenants.ingestAuth,
        handle(
          'traces',
          (t, _r, type, body) => [{ writer: spans, batch: decodeTraceRows(traceRows, types, t, type, body, minStartSec()) }],
          false,
        ),
      );
      app.post(
        '/v1/metrics',
        deps.tenants.ingestAuth,
        handle('metrics', (t, r) => {
          const b = buildMetricRows(t, r as MetricsRequest, {
            pointsMinSec: oldestSec(LONGEST_ROLLUP_DAYS),
            histogramsMinSec: minStartSec(),
          });
          return [
            { writer: points, batch: b.points },
            { writer: histograms, batch: b.histograms },
          ];
        }),
      );
      app.post(
        '/v1/logs',
        deps.tenants.ingestAuth,
        handle('logs', (t, r) => [{ writer: logs, batch: buildLogRows(t, r as LogsRequest, minStartSec()) }]),
      );
    },
    async stop() {
      await Promise.all(writers.map((w) => w.close()));
    },
  };
}

export type { CollectorDeps };

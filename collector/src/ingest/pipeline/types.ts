/** The ingest pipeline's interface and what it is made of (pipeline.ts builds it). */
import type { OtlpTypes } from '@argus/otlp';
import type { Logger } from 'pino';
import type { CollectorConfig } from '../../config.js';
import type { Storage } from '../../storage/storage.js';
import type { Telemetry } from '../../telemetry.js';
import type { Signal } from '../otlp/decode.js';
import type { MetricsRequest } from '../otlp/metric-rows.js';
import type { SpanFeed } from '../span-feed.js';
import type { IngestConfig } from './config.js';
import type { Encoding } from './decode-task.js';

export interface IngestRequest {
  signal: Signal;
  tenant: string;
  format: 'protobuf' | 'json';
  encoding: Encoding;
  /** the body as received */
  body: Buffer;
}

export interface IngestResult {
  accepted: number;
  rejected: number;
  errors: string[];
  /** metrics: the tracers' dropped-spans points of the request (tracer-drops.ts) */
  tracerDrops?: MetricsRequest;
  /**
   * resolves once the request's rows are built, which may be after its answer (it is answered once checked and
   * logged); the request's share of the in-flight byte budget is held until then, so answered requests whose rows
   * are still to be built count against it too. Never rejects. Absent when the rows were built before the answer.
   */
  built?: Promise<void>;
}

export interface IngestPipeline {
  /** decodes, logs and queues one request; resolves when it is acknowledged (durable), rejects with 4xx/503 */
  accept(req: IngestRequest): Promise<IngestResult>;
  /** loads the endpoint registry and replays what the log holds from an earlier run (in the background) */
  start(): Promise<void>;
  /** resolves once everything accepted so far is stored (and replayed) */
  drain(): Promise<void>;
  /** stores what is queued (or leaves it in the log when ClickHouse is away), then closes */
  stop(): Promise<void>;
}

export interface PipelineDeps {
  storage: Storage;
  log: Logger;
  telemetry: Telemetry;
  config: CollectorConfig;
  ingest: IngestConfig;
  types: OtlpTypes;
  feed: SpanFeed;
  maxEndpointsPerService: number;
}

/** What a log record says about its request (the body is the request as received). */
export interface RecordMetaShape {
  s: Signal;
  t: string;
  f: 'protobuf' | 'json';
  e: Encoding;
  l: [number, number, number];
}

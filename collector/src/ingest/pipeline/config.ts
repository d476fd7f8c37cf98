import { z } from 'zod';
import { configLoader } from '../../config-loader.js';

const MiB = 1024 * 1024;

const bytes = (name: string, def: number, min: number) =>
  z.coerce
    .number({ error: `${name} must be a number of bytes` })
    .int(`${name} must be a whole number of bytes`)
    .min(min, `${name} must be at least ${min}`)
    .default(def);

const schema = z.object({
  /**
   * when an OTLP request is answered: `wal` once it is in the write-ahead log on disk (fdatasync; inserted into
   * ClickHouse in large batches right after), `stored` once ClickHouse has its rows (no log, slower acknowledgement)
   */
  ack: z.enum(['wal', 'stored'], { error: "ARGUS_INGEST_ACK must be 'wal' or 'stored'" }).default('wal'),
  /** the write-ahead log's directory (default <ARGUS_DATA_DIR>/wal): on the collector's own volume in every mode */
  walDir: z.string().min(1).optional(),
  /** bytes of accepted requests not yet stored in ClickHouse; beyond it requests get 503 + Retry-After */
  walMaxBytes: bytes('ARGUS_WAL_MAX_BYTES', 1024 * MiB, 16 * MiB),
  /** request bodies being read, decoded and logged at once; requests beyond it wait (then 503) */
  maxInflightBytes: bytes('ARGUS_INGEST_MAX_INFLIGHT_BYTES', 16 * MiB, MiB),
  /**
   * decode worker threads (0: decode on the main thread); from 2, the first only checks requests (their answers)
   * and the others build the rows (decode-pool.ts)
   */
  decodeThreads: z.coerce
    .number({ error: 'ARGUS_INGEST_DECODE_THREADS must be a number' })
    .int('ARGUS_INGEST_DECODE_THREADS must be a whole number')
    .min(0, 'ARGUS_INGEST_DECODE_THREADS must be >= 0')
    .max(16, 'ARGUS_INGEST_DECODE_THREADS must be <= 16')
    .default(2),
  /** the nice value of the threads that build rows (with 2 threads or more): answers and the event loop run first */
  buildNice: z.coerce
    .number({ error: 'ARGUS_INGEST_BUILD_NICE must be a number' })
    .int('ARGUS_INGEST_BUILD_NICE must be a whole number')
    .min(0, 'ARGUS_INGEST_BUILD_NICE must be between 0 and 19')
    .max(19, 'ARGUS_INGEST_BUILD_NICE must be between 0 and 19')
    .default(5),
  /**
   * with 2 decode threads or more: once this many requests wait for their rows at a building thread (the cores are
   * saturated), a protobuf traces request is decoded once, by that thread, and answered when its rows are built,
   * instead of being checked first by the answering thread (decode-pool.ts); 0: always checked first
   */
  onePassBacklog: z.coerce
    .number({ error: 'ARGUS_INGEST_ONE_PASS_BACKLOG must be a number' })
    .int('ARGUS_INGEST_ONE_PASS_BACKLOG must be a whole number')
    .min(0, 'ARGUS_INGEST_ONE_PASS_BACKLOG must be >= 0')
    .default(4),
  /** an insert batch is closed at this many bytes of rows even while the previous insert still runs */
  batchMaxBytes: bytes('ARGUS_INGEST_BATCH_MAX_BYTES', 64 * MiB, MiB),
});

export type IngestConfig = z.infer<typeof schema>;
export type IngestConfigInput = z.input<typeof schema>;

/** ARGUS_INGEST_* / ARGUS_WAL_* settings of the ingest pipeline, validated once. */
export const loadIngestConfig = configLoader({
  what: 'ingest',
  schema,
  env: {
    ack: 'ARGUS_INGEST_ACK',
    walDir: 'ARGUS_WAL_DIR',
    walMaxBytes: 'ARGUS_WAL_MAX_BYTES',
    maxInflightBytes: 'ARGUS_INGEST_MAX_INFLIGHT_BYTES',
    decodeThreads: 'ARGUS_INGEST_DECODE_THREADS',
    buildNice: 'ARGUS_INGEST_BUILD_NICE',
    onePassBacklog: 'ARGUS_INGEST_ONE_PASS_BACKLOG',
    batchMaxBytes: 'ARGUS_INGEST_BATCH_MAX_BYTES',
  },
});

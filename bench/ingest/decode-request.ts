/** What a decode worker is given for one OTLP protobuf traces request of the ingest benchmark (no time limits). */
import { NO_LIMITS } from '../../collector/src/ingest/otlp/limits.js';
import type { DecodeTask } from '../../collector/src/ingest/pipeline/decode-task.js';

export const traceTask = (body: Buffer): DecodeTask => ({
  signal: 'traces',
  tenant: 'default',
  format: 'protobuf',
  encoding: 'identity',
  body,
  limits: NO_LIMITS,
  maxBodyBytes: 64 << 20,
});

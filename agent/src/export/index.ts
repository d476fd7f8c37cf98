/**
 * The agent's single path to the collector: 1-second samples are encoded as OTLP metrics (protobuf, gzip)
 * once per flush, tracer payloads are forwarded as they come, entity posts are JSON; all of them go through
 * the same on-disk spool and the same in-order retrying sender.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createMetricsEncoder, type Sample } from './encode-metrics.js';
import { openSpool, type SpoolStats } from './spool.js';
import { startSender, type SenderStats, type SenderTarget } from './sender.js';
import type { EntitiesBody } from './entities.js';

export type { Sample } from './encode-metrics.js';
export type { SenderTarget } from './sender.js';

export interface ExporterOptions {
  dataDir: string;
  /** payloads not delivered after this long are written to disk (default 3 s) */
  persistAfterMs?: number;
  spoolMaxBytes: number;
  maxPointsPerRequest: number;
  target: () => SenderTarget;
  log: Logger;
}

export interface Exporter {
  addSample(s: Sample): void;
  /** encodes and spools everything added so far */
  flush(): void;
  /** already-encoded OTLP protobuf from the tracer intake (uncompressed) */
  forward(kind: 'traces' | 'metrics', protobufBody: Uint8Array): void;
  postEntities(body: EntitiesBody): void;
  stats(): SpoolStats & SenderStats;
  drain(timeoutMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

const GZIP = { level: 3 };

export function createExporter(opts: ExporterOptions): Exporter {
  const log = opts.log.child({ area: 'export' });
  const encoder = createMetricsEncoder();
  const spool = openSpool({ dir: join(opts.dataDir, 'spool'), maxBytes: opts.spoolMaxBytes, log });
  const sender = startSender(spool, opts.target, log);
  let pending: Sample[] = [];
  const persistAfterMs = opts.persistAfterMs ?? 3000;
  /** memory-resident payloads are bounded too: beyond 8 MB they go to disk at once */
  const persist = () => {
    const st = spool.stats();
    try {
      spool.persist(sender.stats().backingOff || st.memoryBytes > 8 * 1024 * 1024 ? Infinity : Date.now() - persistAfterMs);
    } catch (err) {
      log.error({ err }, 'spool persist failed');
    }
  };

  return {
    addSample: (s) => {
      pending.push(s);
    },
    flush() {
      persist();
      if (!pending.length) return;
      const batch = pending;
      pending = [];
      try {
        for (const { body, points } of encoder.encode(batch, opts.maxPointsPerRequest)) {
          spool.append('metrics', gzipSync(body, GZIP), points);
        }
      } catch (err) {
        log.error({ err }, 'could not encode or spool metrics');
      }
      // while the collector is away, this second's payload goes to disk now, not at the next flush: a SIGKILL then
      // loses at most the samples not yet flushed
      if (sender.stats().backingOff) persist();
      sender.kick();
    },
    forward(kind, protobufBody) {
      try {
        spool.append(kind, gzipSync(protobufBody, GZIP), 0);
        sender.kick();
      } catch (err) {
        log.error({ err, kind }, 'could not spool a forwarded payload');
      }
    },
    postEntities(body) {
      try {
        spool.append('entities', gzipSync(JSON.stringify(body), GZIP), 0);
        sender.kick();
      } catch (err) {
        log.error({ err }, 'could not spool entities');
      }
    },
    stats: () => ({ ...spool.stats(), ...sender.stats() }),
    drain: (ms) => sender.drain(ms),
    async stop() {
      await sender.stop();
      spool.persist(Infinity);
    },
  };
}

/**
 * Messages between the collector's main thread and the call resolver's thread. The main thread owns storage (one
 * embedded engine per process), the span feed and the job runner; the thread owns the resolver's memory (recent
 * traces, the seen filter) and does its work, so neither its CPU nor its garbage sits in front of acknowledgements.
 */
import type { BinaryColumn, InsertOptions } from '../../storage/storage.js';
import type { AnalyticsConfig } from '../config.js';
import type { ResolverStats } from '../resolver/resolver.js';

/** What the thread starts with (workerData). */
export interface ResolverThreadInit {
  config: AnalyticsConfig;
  stateDir?: string;
  logLevel: string;
}

/** A stored ingest batch's skeletons as bytes (StoredSpans with its parts copied out of the decoders' buffers). */
export interface BatchMessage {
  t: 'batch';
  id: number;
  scope: string;
  replayed: boolean;
  parts: Array<{ tenant: string; records: Uint8Array; strings: string[]; count: number }>;
  capped: Array<[string, string]>;
}

export type ToThread =
  | BatchMessage
  | { t: 'tick'; id: number; now?: number }
  | { t: 'stop'; id: number }
  | { t: 'storage-reply'; id: number; rows?: unknown[]; error?: WireError };

export type FromThread =
  | { t: 'ready' }
  | { t: 'acked'; id: number }
  | { t: 'done'; id: number; stats: ResolverStats; memory: ThreadMemory; error?: WireError }
  | { t: 'log'; line: string }
  | { t: 'query'; id: number; sql: string; params?: Record<string, unknown> }
  | { t: 'insert'; id: number; table: string; columns: readonly BinaryColumn[]; chunks: Uint8Array[]; opts?: InsertOptions };

/** The resolver thread's own memory (a worker's heap and Buffers are not in the main thread's memoryUsage()). */
export interface ThreadMemory {
  heap: number;
  external: number;
}

/** An error as it crosses the thread boundary (message and stable code). */
export interface WireError {
  message: string;
  code?: string;
}

export const toWire = (e: unknown): WireError => ({
  message: e instanceof Error ? e.message : String(e),
  code: (e as { code?: unknown })?.code === undefined ? undefined : String((e as { code: unknown }).code),
});

export function fromWire(w: WireError): Error {
  const e = new Error(w.message) as Error & { code?: string };
  if (w.code !== undefined) e.code = w.code;
  return e;
}

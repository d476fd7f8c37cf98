import type { Slicer } from '../jobs/slicer.js';
import { readSkeleton, type ArrivedSpan, type SkeletonBatch } from './derive/skeleton.js';

/**
 * Span skeletons of one stored ingest batch, in the order they were accepted: as the decoders wrote them (records
 * and a string table per request), so handing them to another thread is a copy of bytes, not of objects.
 */
export interface StoredSpans {
  /** the batch's id (its write-ahead-log segment): the deduplication scope of what the resolver writes for it */
  scope: string;
  parts: Array<{ tenant: string; skeleton: SkeletonBatch }>;
  /**
   * entry-span endpoints past the cardinality cap: `tenant \u0001 service \u0001 endpoint` -> the name they count as
   * (only those the cap renamed: usually none)
   */
  capped: Map<string, string>;
  /** the batch was read back from the write-ahead log after a restart (it may have been processed before the crash) */
  replayed: boolean;
}

/**
 * The batch's spans as objects, entry-span endpoints capped, each marked as arrived at `insertedAt` and with its
 * record (skeleton.ts SpanSource); a turn of the event loop between parts when the slicer says.
 */
export async function readStoredSpans(b: StoredSpans, slicer: Slicer, insertedAt = 0): Promise<ArrivedSpan[]> {
  const out: ArrivedSpan[] = [];
  const capped = b.capped.size > 0 ? b.capped : undefined;
  for (const p of b.parts) {
    for (const s of readSkeleton({ tenant: p.tenant, skeleton: p.skeleton, capped, insertedAt })) out.push(s);
    await slicer.pause();
  }
  return out;
}

/** Spans in the batch. */
export const spanCount = (b: StoredSpans): number => b.parts.reduce((n, p) => n + p.skeleton.count, 0);

/**
 * In-process hand-over from the ingest pipeline to the call resolver: once a batch's spans are stored in
 * ClickHouse, their skeletons (entry-span endpoints already capped) go to the subscribers, so the resolver never
 * reads them back. One feed per collector (modules.ts gives the same one to the OTLP and analytics modules).
 */
export interface SpanFeed {
  /** whether anyone listens (the pipeline skips building skeleton objects otherwise) */
  active(): boolean;
  /** resolves once every listener has durably processed the batch (then its log segment may go) */
  publish(batch: StoredSpans): Promise<void>;
  /** the listener's promise resolves when it has processed the batch; returns the unsubscribe function */
  subscribe(listener: (batch: StoredSpans) => Promise<void>): () => void;
}

export function createSpanFeed(): SpanFeed {
  const listeners = new Set<(batch: StoredSpans) => Promise<void>>();
  return {
    active: () => listeners.size > 0,
    async publish(batch) {
      await Promise.all([...listeners].map((l) => l(batch)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

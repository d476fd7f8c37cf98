import type { SkeletonSpan } from './derive/skeleton.js';

/** Span skeletons of one stored ingest batch, in the order they were accepted. */
export interface StoredSpans {
  /** the batch's id (its write-ahead-log segment): the deduplication scope of what the resolver writes for it */
  scope: string;
  spans: SkeletonSpan[];
  /** the batch was read back from the write-ahead log after a restart (it may have been processed before the crash) */
  replayed: boolean;
}

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

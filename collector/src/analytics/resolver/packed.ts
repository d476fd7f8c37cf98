/**
 * A trace's spans between the batches that touch it, kept as references to the skeleton records they were read
 * from instead of as objects. At full speed the resolver holds a couple of seconds of spans (`hotMs`); as objects
 * (the span and its id strings) they outlived the young generation, so its thread spent more time promoting and
 * marking them than resolving them (issue 19). A trace is packed after each resolve and unpacked when touched
 * again; spans read back from storage have no record, and a trace holding one stays as objects.
 */
import { readSkeletonAt, type SpanSource } from '../../ingest/derive/skeleton.js';
import { complete, type TraceState } from './traces.js';

/** The records of a packed trace: per source, the record indices of its spans (in the order they were added). */
export interface PackedSpans {
  sources: SpanSource[];
  at: number[][];
  /** complete() when packed: what eviction asks of a trace not touched since */
  complete: boolean;
}

/** Replaces the trace's span objects by their records (when every span has one). */
export function pack(x: TraceState): void {
  if (x.packed !== undefined || x.spans.size === 0) return;
  const sources: SpanSource[] = [];
  const at: number[][] = [];
  for (const s of x.spans.values()) {
    if (s.src === undefined || s.at === undefined) return;
  }
  for (const s of x.spans.values()) {
    let k = sources.indexOf(s.src!);
    if (k < 0) {
      k = sources.length;
      sources.push(s.src!);
      at.push([]);
    }
    at[k].push(s.at!);
  }
  x.packed = { sources, at, complete: complete(x) };
  x.spans = new Map();
}

/** The trace's spans as objects again (before anything reads or adds to `spans`). */
export function unpack(x: TraceState): void {
  const p = x.packed;
  if (p === undefined) return;
  x.packed = undefined;
  for (let k = 0; k < p.sources.length; k++) for (const s of readSkeletonAt(p.sources[k], p.at[k])) x.spans.set(s.spanId, s);
}

/** complete() of a trace, packed or not. */
export const isComplete = (x: TraceState): boolean => (x.packed ? x.packed.complete : complete(x));

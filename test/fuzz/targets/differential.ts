/**
 * The check shared by the decoder differentials (otlp-metrics-differential, otlp-logs-differential): protobufjs and
 * a purpose-built decoder both refuse a body, or both decode it and the row builder gives the same outcome (rows
 * byte for byte, rejections, messages) from either, and from the ingest path (rows built as the body is decoded).
 */
import { violated } from '../harness.js';

export interface Differential<R> {
  /** protobufjs's decoding (throws where it refuses) */
  reference(body: Buffer): R;
  /** the purpose-built decoder's */
  fast(body: Buffer): R;
  /** what a decoded request turns into (its rows, or the row builder's error), as text */
  outcome(req: R): string;
  /** the same on the ingest path, straight from the body */
  ingest(body: Buffer): string;
  /** a short signature of the outcome, for novelty */
  summary(req: R): string;
}

export function compareDecoders<R>(body: Buffer, d: Differential<R>): string {
  let ref: R | undefined;
  let refError = '';
  try {
    ref = d.reference(body);
  } catch (e) {
    refError = (e as Error).message;
  }
  let fast: R;
  try {
    fast = d.fast(body);
  } catch (e) {
    if (ref === undefined) return 'both-refused';
    return violated(`protobufjs decodes the body but the fast decoder throws: ${(e as Error).message}`);
  }
  if (ref === undefined) return violated(`protobufjs refuses the body (${refError}) but the fast decoder decodes it`);
  const a = d.outcome(ref);
  const b = d.outcome(fast);
  if (a !== b) violated(`different rows:\nprotobufjs: ${a.slice(0, 1500)}\nfast:       ${b.slice(0, 1500)}`);
  const c = d.ingest(body);
  if (a !== c) violated(`different rows (per-resource path):\nprotobufjs: ${a.slice(0, 1500)}\nfast:       ${c.slice(0, 1500)}`);
  return `same ${d.summary(ref)}`;
}

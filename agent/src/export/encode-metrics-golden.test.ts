/**
 * The agent's metrics encoder on the shared writer (@argus/otlp-wire) writes byte for byte what it wrote on its
 * own writer before the merge (golden hashes in common/otlp-wire/testing/golden.json).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goldenSamples } from '../../../common/otlp-wire/testing/golden-inputs.js';
import { createMetricsEncoder, type Sample } from './encode-metrics.js';

const golden = JSON.parse(readFileSync(new URL('../../../common/otlp-wire/testing/golden.json', import.meta.url), 'utf8')) as {
  metrics: Array<Array<{ points: number; bytes: number; sha256: string }>>;
};

describe('agent metrics encoder on the shared protobuf writer', () => {
  it('writes the same bytes as before the writer merge', () => {
    const enc = createMetricsEncoder();
    const got = goldenSamples().map((tick) =>
      enc.encode(tick as Sample[], 50).map((r) => ({
        points: r.points,
        bytes: r.body.length,
        sha256: createHash('sha256').update(r.body).digest('hex'),
      })),
    );
    expect(got).toEqual(golden.metrics);
  });
});

import { z } from 'zod';

/**
 * The beacon batch sent by eum.js (docs/eum.md): a JSON object as text/plain. Common fields once, beacons in `b`.
 * Unknown fields are ignored (newer scripts), wrong types and missing required fields are a 400.
 */
const str = (max: number) => z.string().max(max);
const ms = z.number().min(0).max(3_600_000);
const opt = <T extends z.ZodType>(t: T) => t.optional().nullable();

const common = {
  ts: opt(z.number().positive()),
  p: opt(str(512)),
  u: opt(str(2048)),
};

const pageLoad = z.object({
  t: z.literal('pl'),
  ...common,
  d: opt(ms),
  nt: opt(z.record(z.string().max(4), opt(ms))),
  ty: opt(str(32)),
  ttfb: opt(ms),
  fcp: opt(ms),
  lcp: opt(ms),
  la: opt(str(256)),
  cls: opt(z.number().min(0).max(1000)),
  bt: opt(z.string().regex(/^[0-9a-f]{16,32}$/)),
  vw: opt(z.number().int().min(0).max(100_000)),
  vh: opt(z.number().int().min(0).max(100_000)),
  ct: opt(str(16)),
});

const vitals = z.object({
  t: z.literal('wv'),
  ...common,
  fcp: opt(ms),
  lcp: opt(ms),
  la: opt(str(256)),
  cls: opt(z.number().min(0).max(1000)),
  ca: opt(str(256)),
  inp: opt(ms),
  ia: opt(str(300)),
});

const resourceEntry = z.tuple([str(2048), str(8), ms, ms, z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)]);
const resources = z.object({
  t: z.literal('res'),
  ...common,
  r: z.record(str(512), z.array(resourceEntry).max(200)),
});

const http = z.object({
  t: z.literal('xhr'),
  ...common,
  k: opt(z.enum(['x', 'f'])),
  m: str(16),
  sc: z.number().int().min(-3).max(999),
  d: ms,
  bt: opt(z.string().regex(/^[0-9a-f]{16,32}$/)),
  tp: opt(z.string().regex(/^[0-9a-f]{32}$/)),
});

const error = z.object({
  t: z.literal('err'),
  ...common,
  msg: str(2000),
  st: opt(str(8000)),
  ty: opt(str(32)),
  n: opt(str(64)),
  c: z.number().int().min(1).max(1_000_000),
});

const pageChange = z.object({
  t: z.literal('pc'),
  ...common,
  p: str(512),
  fp: opt(str(512)),
  ty: opt(str(8)),
  d: opt(ms),
});

const custom = z.object({
  t: z.literal('ce'),
  ...common,
  n: str(256).min(1),
  d: opt(ms),
  m: opt(z.record(str(64), str(1024))),
  msg: opt(str(2000)),
  st: opt(str(8000)),
});

export const beaconSchema = z.discriminatedUnion('t', [pageLoad, vitals, resources, http, error, pageChange, custom]);

export const batchSchema = z.object({
  v: z.literal(1),
  k: z.string().min(1).max(128),
  s: z.string().regex(/^[0-9a-zA-Z_-]{1,64}$/),
  pl: z.string().regex(/^[0-9a-zA-Z_-]{1,64}$/),
  ui: opt(str(128)),
  un: opt(str(128)),
  ue: opt(str(128)),
  m: opt(z.record(str(64), str(1024)).refine((m) => Object.keys(m).length <= 25, 'at most 25 metadata entries')),
  dr: opt(z.number().int().min(0)),
  /** the client's clock when the batch was sent (ms), to correct beacon timestamps for clock skew */
  n: opt(z.number().positive()),
  b: z.array(beaconSchema).min(1).max(100),
});

export type Batch = z.infer<typeof batchSchema>;
export type BeaconIn = z.infer<typeof beaconSchema>;

/** zod issues as one readable line: `b.0.sc: expected number, received string; ...` */
export const describeIssues = (e: z.ZodError) =>
  e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');

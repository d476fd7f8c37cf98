/**
 * The data points of the metrics wire decoder (metric-wire.ts): number, histogram, exponential histogram and summary
 * points in the shape the row builder reads (metric-rows.ts), with protobufjs's values (64-bit counts and times as
 * numbers below 2^53, BigInts above; the last of a oneof; merged bucket messages; packed and unpacked repeated
 * scalars) and its refusals (strict-wire.ts).
 */
import type { HistogramPoint, NumberPoint } from './metric-rows.js';
import { attribute, exemplar } from './metric-wire-common.js';
import { checkDepth, size, skipField, tag, u64 } from './strict-wire.js';
import { double, fixed64, varint32, varint64, type WireReader } from './wire-reader.js';

type Buckets = NonNullable<HistogramPoint['positive']>;

/** A fixed64 as a number or BigInt (protobufjs: an unsigned Long). */
function fx64(r: WireReader, end: number): number | bigint {
  fixed64(r, end);
  return u64(r.hi, r.lo);
}

/** A packed (wire type 2) run of fixed-width values: whole values only, as protobufjs's fixed64s/doubles. */
function packed<T>(r: WireReader, end: number, list: T[], read: (r: WireReader, end: number) => T): void {
  const stop = size(r, end);
  const n = Math.floor((stop - r.pos) / 8);
  for (let i = 0; i < n; i++) list.push(read(r, stop));
  if (r.pos !== stop) throw new RangeError('index out of range');
}

export function numberPoint(r: WireReader, end: number, depth: number): NumberPoint {
  checkDepth(depth);
  // lists are made on first use (most points have few or none): fewer objects for the young-generation GC to copy
  const dp: NumberPoint = { attributes: undefined, startTimeUnixNano: 0, timeUnixNano: 0, asDouble: undefined, asInt: undefined, flags: 0 };
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 58:
        attribute(r, end, depth, (dp.attributes ??= []));
        break;
      case 17:
        dp.startTimeUnixNano = fx64(r, end);
        break;
      case 25:
        dp.timeUnixNano = fx64(r, end);
        break;
      case 33:
        dp.asDouble = double(r, end);
        dp.asInt = undefined;
        break;
      case 49:
        fixed64(r, end);
        dp.asInt = (r.hi | 0) * 4294967296 + r.lo;
        dp.asDouble = undefined;
        break;
      case 42:
        exemplar(r, size(r, end), depth + 1);
        break;
      case 64:
        dp.flags = varint32(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return dp;
}

function newHistogramPoint(): HistogramPoint {
  return {
    attributes: undefined,
    startTimeUnixNano: 0,
    timeUnixNano: 0,
    flags: 0,
    count: 0,
    sum: undefined,
    min: undefined,
    max: undefined,
    bucketCounts: undefined,
    explicitBounds: undefined,
    scale: 0,
    zeroCount: 0,
    positive: undefined,
    negative: undefined,
    quantileValues: undefined,
  };
}

export function histogramPoint(r: WireReader, end: number, depth: number): HistogramPoint {
  checkDepth(depth);
  const dp = newHistogramPoint();
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 74:
        attribute(r, end, depth, (dp.attributes ??= []));
        break;
      case 17:
        dp.startTimeUnixNano = fx64(r, end);
        break;
      case 25:
        dp.timeUnixNano = fx64(r, end);
        break;
      case 33:
        dp.count = fx64(r, end);
        break;
      case 41:
        dp.sum = double(r, end);
        break;
      case 49:
        (dp.bucketCounts ??= []).push(fx64(r, end));
        break;
      case 50:
        packed(r, end, (dp.bucketCounts ??= []), fx64);
        break;
      case 57:
        (dp.explicitBounds ??= []).push(double(r, end));
        break;
      case 58:
        packed(r, end, (dp.explicitBounds ??= []), double);
        break;
      case 66:
        exemplar(r, size(r, end), depth + 1);
        break;
      case 80:
        dp.flags = varint32(r, end);
        break;
      case 89:
        dp.min = double(r, end);
        break;
      case 97:
        dp.max = double(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return dp;
}

function buckets(r: WireReader, end: number, depth: number, into: Buckets | undefined): Buckets {
  checkDepth(depth);
  const b = into ?? { offset: 0, bucketCounts: undefined };
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 8) {
      const z = varint32(r, end);
      b.offset = ((z >>> 1) ^ -(z & 1)) | 0;
    } else if (t === 16) {
      varint64(r, end);
      (b.bucketCounts ??= []).push(u64(r.hi, r.lo));
    } else if (t === 18) {
      const stop = size(r, end);
      while (r.pos < stop) {
        varint64(r, stop);
        (b.bucketCounts ??= []).push(u64(r.hi, r.lo));
      }
    } else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return b;
}

export function exponentialPoint(r: WireReader, end: number, depth: number): HistogramPoint {
  checkDepth(depth);
  const dp = newHistogramPoint();
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 10:
        attribute(r, end, depth, (dp.attributes ??= []));
        break;
      case 17:
        dp.startTimeUnixNano = fx64(r, end);
        break;
      case 25:
        dp.timeUnixNano = fx64(r, end);
        break;
      case 33:
        dp.count = fx64(r, end);
        break;
      case 41:
        dp.sum = double(r, end);
        break;
      case 48: {
        const z = varint32(r, end);
        dp.scale = ((z >>> 1) ^ -(z & 1)) | 0;
        break;
      }
      case 57:
        dp.zeroCount = fx64(r, end);
        break;
      case 66:
        dp.positive = buckets(r, size(r, end), depth + 1, dp.positive);
        break;
      case 74:
        dp.negative = buckets(r, size(r, end), depth + 1, dp.negative);
        break;
      case 80:
        dp.flags = varint32(r, end);
        break;
      case 90:
        exemplar(r, size(r, end), depth + 1);
        break;
      case 97:
        dp.min = double(r, end);
        break;
      case 105:
        dp.max = double(r, end);
        break;
      case 113: // zero_threshold
        double(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return dp;
}

function quantile(r: WireReader, end: number, depth: number): { quantile?: number; value?: number } {
  checkDepth(depth);
  const q = { quantile: 0, value: 0 };
  while (r.pos < end) {
    const t = tag(r, end);
    if (t === 9) q.quantile = double(r, end);
    else if (t === 17) q.value = double(r, end);
    else skipField(r, t & 7, depth, t >>> 3, end);
  }
  return q;
}

export function summaryPoint(r: WireReader, end: number, depth: number): HistogramPoint {
  checkDepth(depth);
  const dp: HistogramPoint = {
    attributes: undefined,
    startTimeUnixNano: 0,
    timeUnixNano: 0,
    flags: 0,
    count: 0,
    sum: 0,
    quantileValues: undefined,
  };
  while (r.pos < end) {
    const t = tag(r, end);
    switch (t) {
      case 58:
        attribute(r, end, depth, (dp.attributes ??= []));
        break;
      case 17:
        dp.startTimeUnixNano = fx64(r, end);
        break;
      case 25:
        dp.timeUnixNano = fx64(r, end);
        break;
      case 33:
        dp.count = fx64(r, end);
        break;
      case 41:
        dp.sum = double(r, end);
        break;
      case 50:
        (dp.quantileValues ??= []).push(quantile(r, size(r, end), depth + 1));
        break;
      case 64:
        dp.flags = varint32(r, end);
        break;
      default:
        skipField(r, t & 7, depth, t >>> 3, end);
    }
  }
  return dp;
}

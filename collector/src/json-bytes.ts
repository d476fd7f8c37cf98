/**
 * JSON.stringify(value) as UTF-8 bytes, for API answers of any size. A 10,000-span trace is ~13 MB of JSON: as one
 * string, V8 builds it as a rope of parts, flattens it into one 13 MB heap string when it is first read, and Node
 * scans it for its UTF-8 length and encodes it again on write. Here the top-level fields, and the elements of long
 * arrays, are stringified one at a time and written into one growing buffer, so no large string ever exists. The text is
 * JSON.stringify's for plain data (undefined and functions left out of objects, null in arrays, toJSON honoured).
 */
const LONG_ARRAY = 64;

/** Node's Buffer write method (what Buffer#write calls), without the argument checks. */
type WriteBuffer = Buffer<ArrayBuffer> & { utf8Write(s: string, offset: number): number };

export function jsonBytes(value: unknown): Buffer<ArrayBuffer> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return Buffer.from(JSON.stringify(value) ?? 'null');
  let buf = Buffer.allocUnsafe(1 << 16) as WriteBuffer;
  let pos = 0;
  const add = (s: string) => {
    // UTF-8 takes at most 3 bytes per UTF-16 unit
    if (pos + 3 * s.length > buf.length) {
      const next = Buffer.allocUnsafe(Math.max(2 * buf.length, pos + 3 * s.length)) as WriteBuffer;
      buf.copy(next, 0, 0, pos);
      buf = next;
    }
    pos += buf.utf8Write(s, pos);
  };
  add('{');
  let first = true;
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    add(`${first ? '' : ','}${JSON.stringify(key)}:`);
    first = false;
    if (Array.isArray(v) && v.length > LONG_ARRAY) {
      add('[');
      for (let i = 0; i < v.length; i++) add((i ? ',' : '') + ((JSON.stringify(v[i]) as string | undefined) ?? 'null'));
      add(']');
    } else add(JSON.stringify(v));
  }
  add('}');
  return buf.subarray(0, pos);
}

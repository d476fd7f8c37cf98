/**
 * JSON.stringify(value) as UTF-8 bytes, for API answers of any size. A 10,000-span trace is ~13 MB of JSON: as one
 * string, V8 builds it as a rope of parts, flattens it into one 13 MB heap string when it is first read, and Node
 * scans it for its UTF-8 length and encodes it again on write. Here the top-level fields, and the elements of long
 * arrays, are stringified one at a time and encoded in 64 KiB pieces, so no large string ever exists. The text is
 * JSON.stringify's for plain data (undefined and functions left out of objects, null in arrays, toJSON honoured).
 */
const PIECE = 65_536;
const LONG_ARRAY = 64;

export function jsonBytes(value: unknown): Buffer<ArrayBuffer> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return Buffer.from(JSON.stringify(value) ?? 'null');
  const pieces: Array<Buffer<ArrayBuffer>> = [];
  let text = '{';
  const add = (s: string) => {
    text += s;
    if (text.length >= PIECE) {
      pieces.push(Buffer.from(text));
      text = '';
    }
  };
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
  pieces.push(Buffer.from(text));
  return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
}

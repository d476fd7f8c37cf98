import { WIRE, type ProtoWriter } from '@argus/otlp-wire';

const { LEN, VARINT, I64 } = WIRE;

/** An attribute value the OpenTelemetry SDK would keep: a primitive, or an array of one primitive type (nulls allowed). */
export function isAttributeValue(value: unknown): boolean {
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  if (!Array.isArray(value)) return false;
  let type: string | undefined;
  for (const item of value as unknown[]) {
    if (item == null) continue;
    const it = typeof item;
    if (it !== 'string' && it !== 'number' && it !== 'boolean') return false;
    if (type === undefined) type = it;
    else if (type !== it) return false;
  }
  return true;
}

/** one KeyValue (the caller writes the field tag); the value must have passed isAttributeValue */
export function writeKeyValue(w: ProtoWriter, key: string, value: unknown): void {
  const kv = w.begin();
  w.tag(1, LEN);
  w.string(key);
  w.tag(2, LEN);
  const v = w.begin();
  anyValue(w, value);
  w.end(v);
  w.end(kv);
}

/** an AnyValue's fields: ints as int_value, other numbers as double_value, arrays as array_value */
export function anyValue(w: ProtoWriter, value: unknown): void {
  switch (typeof value) {
    case 'string':
      w.tag(1, LEN);
      w.string(value);
      return;
    case 'boolean':
      w.tag(2, VARINT);
      w.varint(value ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 63) {
        w.tag(3, VARINT);
        w.varint(value);
      } else {
        w.tag(4, I64);
        w.double(value);
      }
      return;
    default: {
      if (!Array.isArray(value)) return;
      w.tag(5, LEN);
      const arr = w.begin();
      for (const item of value as unknown[]) {
        w.tag(1, LEN);
        const v = w.begin();
        anyValue(w, item);
        w.end(v);
      }
      w.end(arr);
    }
  }
}

/**
 * A plain attributes object as repeated KeyValue fields `field` (events, links, resource): invalid values and
 * empty keys are skipped as the SDK does, at most `limit` are written; returns how many were dropped.
 */
export function writeAttributes(w: ProtoWriter, field: number, attrs: Record<string, unknown> | undefined, limit: number): number {
  if (attrs == null) return 0;
  let n = 0;
  let dropped = 0;
  for (const key in attrs) {
    const value = attrs[key];
    if (value == null || key.length === 0 || !isAttributeValue(value)) continue;
    if (n >= limit) {
      dropped++;
      continue;
    }
    n++;
    w.tag(field, LEN);
    writeKeyValue(w, key, value);
  }
  return dropped;
}

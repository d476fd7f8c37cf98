import { gunzipSync } from 'node:zlib';
import type { OtlpTypes } from '@argus/otlp';

type MessageType = OtlpTypes['ExportTraceServiceRequest'];
type Message = ReturnType<MessageType['decode']>;

/** A request body that could not be read; becomes a 4xx with this message. */
export class IntakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 413 | 415,
  ) {
    super(message);
  }
}

export type Encoding = 'protobuf' | 'json';

export function encodingOf(contentType: string | undefined): Encoding {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  throw new IntakeError('UNSUPPORTED_MEDIA_TYPE', `content-type must be application/x-protobuf or application/json, got "${ct}"`, 415);
}

export function inflate(body: Uint8Array, contentEncoding: string | undefined, maxBytes: number): Uint8Array {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc === '' || enc === 'identity') return body;
  if (enc !== 'gzip') throw new IntakeError('UNSUPPORTED_ENCODING', `content-encoding "${enc}" is not supported (use gzip)`, 415);
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || (err as Error).message?.includes('Cannot create a Buffer larger'))
      throw new IntakeError('BODY_TOO_LARGE', `decompressed body is larger than ${maxBytes} bytes`, 413);
    throw new IntakeError('BAD_GZIP', `body is not valid gzip: ${(err as Error).message}`, 400);
  }
}

/** OTLP/JSON carries ids as hex; protobufjs expects bytes. Converts them in place (spans, links, exemplars). */
function hexIdsToBytes(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) hexIdsToBytes(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if ((key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof v === 'string') {
      if (v !== '' && !/^[0-9a-f]*$/i.test(v)) throw new IntakeError('BAD_ID', `${key} must be hex, got "${v.slice(0, 40)}"`, 400);
      obj[key] = Buffer.from(v, 'hex');
    } else if (key !== 'attributes' && typeof v === 'object') hexIdsToBytes(v);
  }
}

/** OTLP/JSON (hex ids, lowerCamelCase) as the protobuf encoding of the same request. */
export function jsonToProtobuf(kind: 'traces' | 'metrics', types: OtlpTypes, body: Uint8Array): Uint8Array {
  const type = kind === 'traces' ? types.ExportTraceServiceRequest : types.ExportMetricsServiceRequest;
  return type.encode(decodeJson(type, body)).finish();
}

function decodeJson(type: MessageType, body: Uint8Array): Message {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (err) {
    throw new IntakeError('BAD_JSON', `body is not valid JSON: ${(err as Error).message}`, 400);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new IntakeError('BAD_JSON', 'body must be a JSON object', 400);
  hexIdsToBytes(json);
  try {
    return type.fromObject(json);
  } catch (err) {
    throw new IntakeError('BAD_JSON', `body is not a valid ${type.name}: ${(err as Error).message}`, 400);
  }
}

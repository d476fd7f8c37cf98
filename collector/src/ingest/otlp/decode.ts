import type { OtlpTypes } from '@argus/otlp';
import { badRequest } from '../../errors.js';
import type { BodyType } from '../read-body.js';

export type Signal = 'traces' | 'metrics' | 'logs';

const TOP: Record<Signal, { field: string; scopes: string; items: string }> = {
  traces: { field: 'resourceSpans', scopes: 'scopeSpans', items: 'spans' },
  metrics: { field: 'resourceMetrics', scopes: 'scopeMetrics', items: 'metrics' },
  logs: { field: 'resourceLogs', scopes: 'scopeLogs', items: 'logRecords' },
};

function checkArray(v: unknown, path: string): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`${path} must be an array`, 'INVALID_OTLP');
  return v;
}

/** Checks the nesting OTLP/JSON must have, so a wrong shape is a 400 naming the path, not a crash. */
function validateJson(body: unknown, signal: Signal): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest('OTLP/JSON body must be a JSON object', 'INVALID_OTLP');
  const { field, scopes, items } = TOP[signal];
  checkArray((body as Record<string, unknown>)[field], field).forEach((r, i) => {
    if (typeof r !== 'object' || r === null) throw badRequest(`${field}[${i}] must be an object`, 'INVALID_OTLP');
    checkArray((r as Record<string, unknown>)[scopes], `${field}[${i}].${scopes}`).forEach((s, j) => {
      if (typeof s !== 'object' || s === null) throw badRequest(`${field}[${i}].${scopes}[${j}] must be an object`, 'INVALID_OTLP');
      checkArray((s as Record<string, unknown>)[items], `${field}[${i}].${scopes}[${j}].${items}`).forEach((it, k) => {
        if (typeof it !== 'object' || it === null)
          throw badRequest(`${field}[${i}].${scopes}[${j}].${items}[${k}] must be an object`, 'INVALID_OTLP');
      });
    });
  });
}

/**
 * Parses an OTLP/JSON export request and checks its nesting, into the loose object shape the row builders read.
 * (Protobuf requests go through the purpose-built wire decoders: span-wire, metric-wire, log-wire.)
 */
export function decodeJsonRequest(signal: Signal, body: Buffer): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`body is not valid JSON: ${(e as Error).message}`, 'INVALID_JSON');
  }
  validateJson(parsed, signal);
  return parsed;
}

export function encodeResponse(types: OtlpTypes, signal: Signal, type: BodyType, rejected: number, message: string): Uint8Array | string {
  const countField = signal === 'traces' ? 'rejectedSpans' : signal === 'metrics' ? 'rejectedDataPoints' : 'rejectedLogRecords';
  const payload = rejected > 0 || message ? { partialSuccess: { [countField]: rejected, errorMessage: message } } : {};
  if (type === 'json')
    return JSON.stringify(payload.partialSuccess ? { partialSuccess: { [countField]: String(rejected), errorMessage: message } } : {});
  const T =
    signal === 'traces'
      ? types.ExportTraceServiceResponse
      : signal === 'metrics'
        ? types.ExportMetricsServiceResponse
        : types.ExportLogsServiceResponse;
  return T.encode(T.fromObject(payload)).finish();
}

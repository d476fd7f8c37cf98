/** Errors with a stable machine-readable code and the HTTP status they map to. */
export class ArgusError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ArgusError';
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new ArgusError(code, message, 400);
export const notFound = (message: string, code = 'NOT_FOUND') => new ArgusError(code, message, 404);
export const overloaded = (message: string, retryAfterSeconds = 1) => new ArgusError('OVERLOADED', message, 503, retryAfterSeconds);

/**
 * ClickHouse refusing a query for want of resources (its memory limit: ARGUS_EMBEDDED_MAX_MEMORY when embedded;
 * too many queries at once) is an overload, not a bug: 503 + Retry-After with what to do, instead of a bare 500.
 */
export function fromStorageError(err: unknown): ArgusError | undefined {
  const e = err as { code?: unknown; type?: unknown } | null;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const code = text(e?.code);
  const type = text(e?.type);
  if (code === '241' || type === 'MEMORY_LIMIT_EXCEEDED') {
    return new ArgusError(
      'STORAGE_MEMORY_LIMIT',
      'ClickHouse needs more memory for this query than it may use (ARGUS_EMBEDDED_MAX_MEMORY when embedded): narrow the time range or the filter, or retry',
      503,
      5,
    );
  }
  if (code === '202' || type === 'TOO_MANY_SIMULTANEOUS_QUERIES')
    return overloaded('ClickHouse is running too many queries; retry later', 1);
  return undefined;
}

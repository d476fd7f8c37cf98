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

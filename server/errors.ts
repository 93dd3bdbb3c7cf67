// The one error type routes throw; app.onError turns it into `{ error: { code, message } }`.
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 416 | 422 | 429 | 500 | 502 | 503 | 504,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/**
 * A request field refused by a check the schema cannot make (against the clock, the database or another field):
 * `422 validation_failed` with the field in `fields`, as a schema's refusal has, so a client can mark it.
 */
export const invalidField = (paths: string | string[], message: string) =>
  new AppError(
    422,
    'validation_failed',
    message,
    [paths].flat().map((path) => ({ path, code: 'custom' })),
  );

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new AppError(403, 'forbidden', message);

// Postgres error codes read off a driver error (postgres.js and PGlite put it on the error; drizzle wraps it in `cause`).
export const PG = { uniqueViolation: '23505', foreignKeyViolation: '23503', queryCanceled: '57014' } as const;

export function pgErrorCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.cause?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

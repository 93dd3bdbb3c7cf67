// What a failed object-store call means, said once: the store refused us (an operator must fix a setting) or it is
// unavailable for now. Mapped to our codes by the store's own error code, never by its message text.
import { AppError } from '../errors.ts';

/** The store's codes that no retry will fix, each with the setting to look at. */
const REFUSALS: Record<string, string> = {
  InvalidAccessKeyId: 'the store does not know ULAK_S3_ACCESS_KEY_ID',
  SignatureDoesNotMatch: 'ULAK_S3_SECRET_ACCESS_KEY does not match ULAK_S3_ACCESS_KEY_ID',
  AccessDenied: 'the key may not use this bucket; check its policy and ULAK_S3_BUCKET',
  AllAccessDisabled: 'the key may not use this bucket; check its policy and ULAK_S3_BUCKET',
  ExpiredToken: 'the credentials have expired',
  InvalidToken: 'the credentials are not valid',
  NoSuchBucket: 'ULAK_S3_BUCKET does not exist on this endpoint; create it first',
  InvalidBucketName: 'ULAK_S3_BUCKET is not a valid bucket name for this store',
  AuthorizationHeaderMalformed: 'the store expects another ULAK_S3_REGION',
  PermanentRedirect: 'the bucket lives elsewhere; check ULAK_S3_ENDPOINT, ULAK_S3_REGION and ULAK_S3_PATH_STYLE',
  ERR_S3_MISSING_CREDENTIALS: 'ULAK_S3_ACCESS_KEY_ID and ULAK_S3_SECRET_ACCESS_KEY are required',
  ERR_S3_INVALID_ENDPOINT: 'ULAK_S3_ENDPOINT is not a usable endpoint',
  ERR_S3_INVALID_SIGNATURE: 'the request could not be signed with these credentials',
};

/** The store's error code (an S3 `<Code>`, or Bun's `ERR_S3_*`), or `UnknownError`. */
export function storeErrorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code ? code : 'UnknownError';
}

/** Whether the store refused us for a reason an operator must fix (a key, the bucket, the region). */
export function isRefusal(error: unknown): boolean {
  return storeErrorCode(error) in REFUSALS;
}

export function isMissingObject(error: unknown): boolean {
  return storeErrorCode(error) === 'NoSuchKey';
}

/**
 * An error `storageError` made: the store failed or refused us. Either way it says nothing about the file we asked it to
 * keep, so a caller retrying later (an inbound mail whose attachment could not be stored) must not blame the file.
 */
export function isStorageFailure(error: unknown): boolean {
  return error instanceof AppError && (error.code === 'storage_unavailable' || error.code === 'storage_refused');
}

/** The error an API caller sees: 503 either way (never a 500), with a code saying whether waiting can help. */
export function storageError(error: unknown): AppError {
  const code = storeErrorCode(error);
  // In practice a listing (Ulak's other requests are the ones every store serves): waiting will not help.
  const failure =
    code === 'NotImplemented'
      ? new AppError(
          503,
          'storage_refused',
          'File storage does not support this request (NotImplemented); listing files (files:orphans, files:move from the bucket) needs a store that answers ListObjectsV2',
        )
      : isRefusal(error)
        ? new AppError(503, 'storage_refused', `File storage refused our request (${code}); an administrator must check the ULAK_S3_* settings`)
        : new AppError(503, 'storage_unavailable', `File storage is unavailable right now (${code}); try again shortly`);
  failure.cause = error;
  return failure;
}

/** The start-up line an operator reads: which store, what it said, and which setting to look at. */
export function storageStartupMessage(location: string, error: unknown): string {
  const code = storeErrorCode(error);
  const hint = REFUSALS[code] ?? 'the store could not be reached or failed; check ULAK_S3_ENDPOINT and that the store is running';
  return `File storage ${location} cannot be used: ${code} (${(error as Error)?.message ?? String(error)}) — ${hint}.`;
}

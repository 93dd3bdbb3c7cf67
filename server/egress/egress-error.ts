// The only errors outbound calls to user-typed addresses report: fixed texts that say nothing about ports or errno.
export const NOT_ALLOWED = 'destination not allowed';
export const UNREACHABLE = 'destination unreachable';

export type EgressErrorCode = 'destination_not_allowed' | 'destination_unreachable' | 'destination_redirected';

/**
 * `destination_not_allowed` is one message whatever the address, port or DNS answer, and is decided before any
 * connection, so a refused port cannot be probed. `destination_unreachable` covers every connection failure
 * (refused, reset, timed out, TLS) alike, so even an allowed host's closed and filtered ports look the same.
 */
export class EgressError extends Error {
  override name = 'EgressError';

  constructor(
    readonly code: EgressErrorCode,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }

  /** Retrying cannot help: the address is refused or redirects elsewhere. */
  get final(): boolean {
    return this.code !== 'destination_unreachable';
  }
}

export const notAllowed = () => new EgressError('destination_not_allowed', NOT_ALLOWED);
export const unreachable = (cause?: unknown) => new EgressError('destination_unreachable', UNREACHABLE, { cause });
export const redirected = (status: number) => new EgressError('destination_redirected', `destination answered ${status} (a redirect); redirects are not followed, configure the final address`);

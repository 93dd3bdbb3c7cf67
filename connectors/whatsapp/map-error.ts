// Baileys send failures mapped to our error codes by one pure function: retries key off these, never off strings.
import { ChannelError, type ChannelErrorCode } from '../channel.ts';

interface BoomLike {
  message?: string;
  data?: unknown;
  output?: { statusCode?: number };
}

/** Baileys throws Boom errors: server <error code=…> arrives in `data`, socket states in `output.statusCode`. */
function codeOf(error: BoomLike): number | undefined {
  if (typeof error.data === 'number') return error.data;
  return error.output?.statusCode;
}

export function whatsappErrorCode(error: unknown): ChannelErrorCode {
  const e = (error ?? {}) as BoomLike;
  const code = codeOf(e);
  const text = String(e.message ?? error ?? '').toLowerCase();
  if (code === 401 || /logged ?out|not authenticated/.test(text)) return 'AUTH';
  if (code === 429 || text.includes('rate-overlimit')) return 'RATE_LIMITED';
  if (code === 404 || /not on whatsapp|invalid jid|item-not-found|jid.*(malformed|invalid)/.test(text)) return 'INVALID_RECIPIENT';
  if (code === 403 || text.includes('forbidden')) return 'BLOCKED';
  if (code === 406 || code === 400 || /not-acceptable|bad-request/.test(text)) return 'REJECTED';
  // Connection closed (428), lost/timed out (408), restart required (515), unavailable (503), replaced
  // (440) and anything unknown: retry. Our message id is fixed, so a retried send cannot double up.
  return 'TEMPORARY';
}

export function toChannelError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const code = whatsappErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return new ChannelError(code, `WhatsApp send failed: ${message}`, {
    cause: error,
    ...(code === 'RATE_LIMITED' ? { retryAfterMs: 60_000 } : {}),
  });
}

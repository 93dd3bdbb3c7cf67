// Tells a sink failure that is the system's (the database or the file store is away) from one this message causes.
//
// Only the second kind may count towards giving up on a message: a database restart or a few seconds without the
// file store must never turn good mail into simplified or skipped mail, nor a WhatsApp history page into messages
// stored one by one. Unknown errors count, so a message nobody foresaw cannot block a mailbox.
import { isStorageFailure } from '../server/files/storage-error.ts';
import { ChannelError } from './channel.ts';

/** Socket errors (Node's, Bun's, undici's) and postgres.js connection states. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/** SQLSTATEs of a server that is going away, starting, or full of connections. */
const AWAY_SQLSTATES = new Set(['53300', '57P01', '57P02', '57P03']);
/** SQLSTATEs of a transaction that lost a race (serialization failure, deadlock): retrying succeeds. */
const RACE_SQLSTATES = new Set(['40001', '40P01']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error and its causes: drizzle wraps the driver's error in `cause`, so the chain is walked a few steps. */
function* causeChain(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) yield current;
}

/** Unreachable, or a server going away (class 08 is "connection exception"). */
const isAway = (code: string) => NETWORK_CODES.has(code) || AWAY_SQLSTATES.has(code) || code.startsWith('08');

export function isTransientFailure(error: unknown): boolean {
  for (const current of causeChain(error)) {
    // The store failed or refused us: the mail waits in the mailbox until it is back (or an operator fixes it).
    if (isStorageFailure(current)) return true;
    // A provider's own word that it may pass (a file Telegram cannot give for a moment, a stop cutting a download short).
    if (current instanceof ChannelError && current.retryable) return true;
    const code = codeOf(current);
    if (code && (isAway(code) || RACE_SQLSTATES.has(code))) return true;
  }
  return false;
}

/** The database (or the network to it) is away: not a race lost, not the file store or a provider. */
export function isDatabaseAway(error: unknown): boolean {
  for (const current of causeChain(error)) {
    if (isStorageFailure(current) || current instanceof ChannelError) return false;
    const code = codeOf(current);
    if (code && isAway(code)) return true;
  }
  return false;
}

/**
 * The work's result; or, when it fails for a reason that may pass, what `meanwhile` makes of that (a file kept for
 * later, a page saying "in a moment"). Any other failure is thrown as it was.
 */
export async function orWhileUnavailable<T, F>(work: () => Promise<T>, meanwhile: (error: unknown) => F | Promise<F>): Promise<T | F> {
  try {
    return await work();
  } catch (error) {
    if (!isTransientFailure(error)) throw error;
    return meanwhile(error);
  }
}

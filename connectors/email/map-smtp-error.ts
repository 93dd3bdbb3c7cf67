// Maps a nodemailer/SMTP failure to our ChannelError vocabulary; pure, so retries key off our codes.
import { ChannelError, type ChannelErrorCode } from '../channel.ts';
import { describeTlsError } from './describe-tls-error.ts';

/** The fields nodemailer puts on its errors (and Node's socket errors carry `code`). */
export interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'EPROTOCOL',
  'EMAXLIMIT',
  'EABORT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const AUTH_CODES = new Set(['EAUTH', 'ENOAUTH']);
/** TLS requirements the server cannot meet do not heal by retrying; someone must fix the settings. */
const CONFIG_CODES = new Set(['ETLS', 'EREQUIRETLS', 'ECONFIG']);
const UNKNOWN_USER = /user unknown|unknown user|no such (user|mailbox|recipient)|mailbox (unavailable|not found)|does not exist|recipient (address )?rejected|invalid recipient|\b5\.1\.[0-3]\b/i;

export function classifySmtpFailure(failure: SmtpFailure): ChannelErrorCode {
  const status = failure.responseCode;
  const text = `${failure.response ?? ''} ${failure.message ?? ''}`;
  if (AUTH_CODES.has(failure.code ?? '') || status === 535 || status === 534 || status === 530) return 'AUTH';
  // Checked before the reply code: a refused STARTTLS comes with the server's 5xx to the STARTTLS command.
  if (CONFIG_CODES.has(failure.code ?? '')) return 'CONFIG';
  if (status !== undefined && status >= 400 && status < 500) return 'TEMPORARY';
  if (status === 550 || status === 551 || status === 553) {
    const atRecipient = failure.command === 'RCPT TO' || failure.code === 'EENVELOPE';
    return atRecipient || UNKNOWN_USER.test(text) ? 'INVALID_RECIPIENT' : 'REJECTED';
  }
  if (status !== undefined && status >= 500) return 'REJECTED';
  if (failure.code === 'EENVELOPE') return 'INVALID_RECIPIENT';
  if (CONNECTION_CODES.has(failure.code ?? '')) return 'TEMPORARY';
  // Anything unrecognised is retried: a lost reply costs more than a few retries.
  return 'TEMPORARY';
}

export function mapSmtpError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  // An untrusted or mismatched certificate is a settings problem: retrying only repeats the refusal.
  const tls = describeTlsError(error);
  if (tls) return new ChannelError('CONFIG', tls, { cause: error });
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpFailure;
  const code = classifySmtpFailure(failure);
  const detail = failure.response || failure.message || 'SMTP send failed';
  return new ChannelError(code, detail, { cause: error });
}

// Maps Twilio failures (REST errors and status-callback ErrorCodes) to our ChannelError vocabulary, purely.
import { ChannelError, type ChannelErrorCode } from '../channel.ts';

/** Twilio error codes whose meaning we act on (https://www.twilio.com/docs/api/errors). */
const BY_CODE: Record<number, ChannelErrorCode> = {
  21610: 'OPTED_OUT', // the recipient replied STOP
  21211: 'INVALID_RECIPIENT', // invalid 'To' number
  21614: 'INVALID_RECIPIENT', // 'To' is not a mobile number
  21612: 'INVALID_RECIPIENT', // 'To' cannot be reached from this 'From'
  20003: 'AUTH', // authentication failed
  20429: 'RATE_LIMITED', // too many requests
  30001: 'RATE_LIMITED', // queue overflow
  30002: 'AUTH', // account suspended
  30003: 'TEMPORARY', // unreachable handset (switched off)
  30004: 'BLOCKED', // blocked by the recipient or carrier
  30005: 'INVALID_RECIPIENT', // unknown destination
  30006: 'INVALID_RECIPIENT', // landline or unreachable carrier
  30007: 'REJECTED', // carrier filtering
  30008: 'TEMPORARY', // unknown delivery error
};

export function mapTwilioCode(code: number | undefined, httpStatus?: number): ChannelErrorCode {
  const known = code === undefined ? undefined : BY_CODE[code];
  if (known) return known;
  if (httpStatus === undefined) return code === undefined ? 'TEMPORARY' : 'REJECTED';
  if (httpStatus === 429) return 'RATE_LIMITED';
  if (httpStatus === 401) return 'AUTH';
  if (httpStatus >= 500) return 'TEMPORARY';
  return 'REJECTED';
}

/** A RestException / TwilioServiceException carries `status` and `code`; a network error carries neither. */
export function mapTwilioError(error: unknown): ChannelError {
  const { status, code, message } = (error ?? {}) as { status?: number; code?: number; message?: string };
  const httpStatus = typeof status === 'number' ? status : undefined;
  const twilioCode = typeof code === 'number' && code > 0 ? code : undefined;
  if (httpStatus === undefined && twilioCode === undefined) {
    return new ChannelError('TEMPORARY', `Twilio unreachable: ${message ?? String(error)}`, { cause: error });
  }
  const text = `Twilio ${twilioCode ?? httpStatus}: ${message ?? 'request failed'}`;
  return new ChannelError(mapTwilioCode(twilioCode, httpStatus), text, { cause: error });
}

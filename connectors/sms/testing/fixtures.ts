// Credentials and a real-shaped inbound SMS webhook payload for tests.
export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789';
export const OUR_NUMBER = '+908505551234';
export const CUSTOMER = '+905321234567';
export const PUBLIC_BASE = 'https://ulak.example.com/webhooks/twilio/ch_1';

let counter = 0;

export function inboundParams(body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = `SM${String(++counter).padStart(32, '0')}`;
  return {
    ToCountry: 'TR',
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: body,
    To: OUR_NUMBER,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: ACCOUNT_SID,
    From: CUSTOMER,
    FromCountry: 'TR',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

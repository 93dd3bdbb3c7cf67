// The signed token in unsubscribe and preference links: who (contact) and where from (channel), no expiry.
import { sign, verifySignature } from '../lib/signing.ts';
import { CONSENT_SCOPES, type ConsentScope } from '../../workflows/guards/consent.ts';

const PURPOSE = 'unsubscribe';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface UnsubscribeSubject {
  contactId: string;
  channel: ConsentScope;
}

/**
 * Links in mail already delivered must keep working for years (RFC 8058 expects the one-click URL to work as long
 * as the mail may be read), so the token does not expire; rotating the secret key retires every link at once.
 */
export function unsubscribeToken(secretKey: Buffer, subject: UnsubscribeSubject): string {
  const payload = `${subject.contactId}.${subject.channel}`;
  return `${payload}.${sign(secretKey, PURPOSE, payload)}`;
}

export function readUnsubscribeToken(secretKey: Buffer, token: string): UnsubscribeSubject | undefined {
  const [contactId, channel, signature, ...rest] = token.split('.');
  if (rest.length || !contactId || !UUID.test(contactId) || !(CONSENT_SCOPES as readonly string[]).includes(channel ?? '')) return undefined;
  if (!verifySignature(secretKey, PURPOSE, `${contactId}.${channel}`, signature)) return undefined;
  return { contactId, channel: channel as ConsentScope };
}

export function unsubscribeUrl(publicUrl: string, secretKey: Buffer, subject: UnsubscribeSubject): string {
  return `${publicUrl}/u/${unsubscribeToken(secretKey, subject)}`;
}

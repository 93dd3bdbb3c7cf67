// The one signature Ulak puts on what it sends and checks on what it receives: `X-Ulak-Signature: sha256=<hex HMAC-SHA256 of the raw body>`.
// API-channel messages in both directions and workflow webhooks use it; the body carries its own time (`sentAt`, `at`).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-ulak-signature';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verify(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// The one HMAC scheme for links we hand out (file downloads, unsubscribe): a per-purpose key derived from the secret key.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A key of its own per purpose, so a link never signs with the credential-encryption key nor passes for another kind of link. */
function purposeKey(secretKey: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secretKey).update(`ulak:${purpose}`).digest();
}

/** Hex HMAC-SHA256 of `payload` under the purpose's key. */
export function sign(secretKey: Buffer, purpose: string, payload: string): string {
  return createHmac('sha256', purposeKey(secretKey, purpose)).update(payload).digest('hex');
}

/** True when `signature` (hex) signs `payload` for this purpose, compared in constant time. */
export function verifySignature(secretKey: Buffer, purpose: string, payload: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(sign(secretKey, purpose, payload), 'hex'), Buffer.from(signature, 'hex'));
}

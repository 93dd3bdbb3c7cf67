// The signature scheme Shopify and WooCommerce share: base64 HMAC-SHA256 of the raw request body with the shared secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signShopBody(secret: string, rawBody: Uint8Array | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/** Compared in constant time on the decoded bytes, so neither length nor content leaks through timing. */
export function verifyShopSignature(secret: string, rawBody: Uint8Array, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.trim(), 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

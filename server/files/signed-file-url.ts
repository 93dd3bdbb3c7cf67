// Expiring download links that need no session, for providers that fetch our media themselves (Twilio MMS).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Long enough for a provider's queued send and its retries, short enough that a leaked link dies. */
export const FILE_URL_TTL_MS = 24 * 60 * 60_000;

// A key of its own, derived from the secret key, so these links never sign with the credential-encryption key.
const urlKey = (secretKey: Buffer) => createHmac('sha256', secretKey).update('ulak:file-url').digest();
const signature = (secretKey: Buffer, id: string, exp: number) => createHmac('sha256', urlKey(secretKey)).update(`${id}.${exp}`).digest('hex');

export function signedFileUrl(options: { publicUrl: string; secretKey: Buffer; now: Date }, id: string): string {
  const exp = Math.floor((options.now.getTime() + FILE_URL_TTL_MS) / 1000);
  return `${options.publicUrl}/api/files/${id}?exp=${exp}&sig=${signature(options.secretKey, id, exp)}`;
}

/** True when `sig` signs this id and expiry, compared in constant time, and the expiry has not passed. */
export function verifyFileSignature(secretKey: Buffer, id: string, exp: string | undefined, sig: string | undefined, now: Date): boolean {
  if (!exp || !/^\d{1,12}$/.test(exp) || !sig || !/^[0-9a-f]{64}$/.test(sig)) return false;
  const expected = Buffer.from(signature(secretKey, id, Number(exp)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return false;
  return Number(exp) * 1000 > now.getTime();
}

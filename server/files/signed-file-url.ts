// Expiring download links that need no session, for providers that fetch our media themselves (Twilio MMS).
import { sign, verifySignature } from '../lib/signing.ts';

/** Long enough for a provider's queued send and its retries, short enough that a leaked link dies. */
export const FILE_URL_TTL_MS = 24 * 60 * 60_000;

const PURPOSE = 'file-url';

export function signedFileUrl(options: { publicUrl: string; secretKey: Buffer; now: Date }, id: string): string {
  const exp = Math.floor((options.now.getTime() + FILE_URL_TTL_MS) / 1000);
  return `${options.publicUrl}/api/files/${id}?exp=${exp}&sig=${sign(options.secretKey, PURPOSE, `${id}.${exp}`)}`;
}

/** True when `sig` signs this id and expiry, compared in constant time, and the expiry has not passed. */
export function verifyFileSignature(secretKey: Buffer, id: string, exp: string | undefined, sig: string | undefined, now: Date): boolean {
  if (!exp || !/^\d{1,12}$/.test(exp)) return false;
  if (!verifySignature(secretKey, PURPOSE, `${id}.${exp}`, sig)) return false;
  return Number(exp) * 1000 > now.getTime();
}

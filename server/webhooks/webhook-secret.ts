// Signing secrets: made in the Standard Webhooks form (`whsec_` + base64), sealed at rest, and the set that signs now.
import { randomBytes } from 'node:crypto';
import { decryptJson, encryptJson } from '../lib/secret-box.ts';

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch without losing deliveries. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const sealSecret = (key: Buffer, secret: string): string => encryptJson(key, secret);
export const openSecret = (key: Buffer, sealed: string): string => decryptJson<string>(key, sealed);

interface SecretColumns {
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
}

/** The secrets a delivery is signed with at `now`: the current one, plus the previous one during its overlap. */
export function signingSecrets(key: Buffer, row: SecretColumns, now: Date): string[] {
  const secrets = [openSecret(key, row.secret)];
  if (row.previousSecret && row.previousSecretUntil && row.previousSecretUntil > now) secrets.push(openSecret(key, row.previousSecret));
  return secrets;
}

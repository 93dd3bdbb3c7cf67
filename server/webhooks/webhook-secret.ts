// Signing secrets: made in the Standard Webhooks form (`whsec_` + base64), sealed at rest, and the set that signs now.
import { randomBytes } from 'node:crypto';
import { decryptJson, encryptJson } from '../lib/secret-box.ts';
import type { OlderSecret } from '../db/schema/index.ts';

/** How long a rotated-out secret keeps signing beside the new one, so receivers can switch without losing deliveries. */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

export const newSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const sealSecret = (key: Buffer, secret: string): string => encryptJson(key, secret);
export const openSecret = (key: Buffer, sealed: string): string => decryptJson<string>(key, sealed);

/** At most this many rotated-out secrets sign beside the current one (the newest); a receiver must verify any of them. */
export const MAX_OLDER_SECRETS = 10;

export interface SecretColumns {
  secret: string;
  olderSecrets: OlderSecret[];
}

/** The secrets a delivery is signed with at `now`: the current one, then each rotated-out one still in its overlap. */
export function signingSecrets(key: Buffer, row: SecretColumns, now: Date): string[] {
  const older = row.olderSecrets.filter((o) => new Date(o.until) > now).map((o) => openSecret(key, o.secret));
  return [openSecret(key, row.secret), ...older.reverse()];
}

/** Until when the latest rotated-out secret signs (past once all have expired); null before any rotation. */
export const olderSecretsUntil = (older: OlderSecret[]): Date | null => (older.length ? new Date(Math.max(...older.map((o) => new Date(o.until).getTime()))) : null);

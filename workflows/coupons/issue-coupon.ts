// One coupon per workflow run: an unguessable code under the workflow's prefix, its amount and when it expires.
import type { WorkflowSettings } from '../model.ts';

export interface Coupon {
  code: string;
  amount: number;
  expiresAt: string;
}

// Crockford-style alphabet: no I, L, O or U, so a code read aloud or typed from print is not mistaken.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `random` supplies the bytes (crypto in production, fixed in tests); 8 characters = 40 bits. */
export function issueCoupon(settings: NonNullable<WorkflowSettings['coupon']>, now: Date, random: (n: number) => Uint8Array): Coupon {
  const code = [...random(8)].map((byte) => ALPHABET[byte % 32]).join('');
  return {
    code: `${settings.prefix}-${code}`,
    amount: settings.amount,
    expiresAt: new Date(now.getTime() + settings.validDays * 86_400_000).toISOString(),
  };
}

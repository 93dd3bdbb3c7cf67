// Normalizes customer identities so one person resolves to one contact across channels.
import type { CountryCode } from 'libphonenumber-js';
import type { Identity } from '../../connectors/channel.ts';
import { loadLibrary, onFirstUse } from './on-first-use.ts';

const phoneNumbers = onFirstUse(() => loadLibrary('libphonenumber-js') as typeof import('libphonenumber-js'));

export function normalizeEmail(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(v) ? v : undefined;
}

/** E.164, using the workspace's default region for national numbers. */
export function normalizePhone(value: string, region: string): string | undefined {
  const cleaned = value.trim();
  const parsed = phoneNumbers().parsePhoneNumberFromString(cleaned, region as CountryCode);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}

/** `905321112233@s.whatsapp.net` (with or without a device suffix) → `+905321112233`. */
export function phoneFromWhatsappJid(jid: string): string | undefined {
  const m = /^(\d{6,15})(?::\d+)?@s\.whatsapp\.net$/.exec(jid.trim());
  return m ? `+${m[1]}` : undefined;
}

export function normalizeWhatsappJid(jid: string): string {
  const v = jid.trim().toLowerCase();
  // Drop the device part (`:12`) the way Baileys' jidNormalizedUser does.
  return v.replace(/^(\d+):\d+@/, '$1@').replace('@c.us', '@s.whatsapp.net');
}

/**
 * Normalizes every identity and derives the phone identity from a WhatsApp phone JID,
 * so an SMS and a WhatsApp message from one number meet on one contact.
 * Invalid values are dropped; duplicates removed. Order is kept (first = primary).
 */
export function normalizeIdentities(identities: Identity[], region: string): Identity[] {
  const out: Identity[] = [];
  const seen = new Set<string>();
  const push = (i: Identity) => {
    const key = `${i.kind}:${i.value}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(i);
  };
  for (const identity of identities) {
    const raw = String(identity.value ?? '');
    switch (identity.kind) {
      case 'email': {
        const v = normalizeEmail(raw);
        if (v) push({ ...identity, value: v });
        break;
      }
      case 'phone': {
        const v = normalizePhone(raw, region);
        if (v) push({ ...identity, value: v });
        break;
      }
      case 'whatsapp': {
        const jid = normalizeWhatsappJid(raw);
        push({ ...identity, value: jid });
        const phone = phoneFromWhatsappJid(jid);
        if (phone) push({ kind: 'phone', value: phone });
        break;
      }
      case 'telegram':
      case 'api': {
        const v = raw.trim();
        if (v) push({ ...identity, value: v });
        break;
      }
    }
  }
  return out;
}

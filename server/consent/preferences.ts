// The hosted preference page's data: which channels the customer can be reached on, what they said, and saving a choice.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { consents, contactIdentities, contacts } from '../db/schema/index.ts';
import { RECIPIENT_KINDS } from '../../connectors/channel-kinds.ts';
import type { ConsentScope } from '../../workflows/guards/consent.ts';
import { type ConsentChange, recordConsents } from './record-consent.ts';
import { survivingContactId } from './surviving-contact.ts';

/** The channels a customer may choose on the page (the API channel is an integration, not something they pick). */
export const PAGE_CHANNELS = ['email', 'sms', 'whatsapp', 'telegram'] as const;
export type PageChannel = (typeof PAGE_CHANNELS)[number];

export interface Preferences {
  contactId: string;
  language: string | null;
  /** Channels the contact has an address on, plus the one the link came from. */
  channels: PageChannel[];
  status: Partial<Record<ConsentScope, 'opted_in' | 'opted_out'>>;
}

/** The link's contact, or the one it was merged into since: `contactId` says whose preferences these are now. */
export async function loadPreferences(db: Db, linkContactId: string, linkChannel: ConsentScope): Promise<Preferences | undefined> {
  const contactId = await survivingContactId(db, linkContactId);
  if (!contactId) return undefined;
  const [contact] = await db
    .select({ id: contacts.id, language: contacts.language })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), isNull(contacts.erasedAt)));
  if (!contact) return undefined;
  const kinds = new Set((await db.select({ kind: contactIdentities.kind }).from(contactIdentities).where(eq(contactIdentities.contactId, contactId))).map((i) => i.kind as string));
  const rows = await db.select().from(consents).where(eq(consents.contactId, contactId));
  return {
    contactId,
    language: contact.language,
    channels: PAGE_CHANNELS.filter((ch) => ch === linkChannel || RECIPIENT_KINDS[ch].some((k) => kinds.has(k))),
    status: Object.fromEntries(rows.map((r) => [r.channel, r.status])),
  };
}

/** What the submitted form asks for: the channels left ticked, and whether "no marketing at all" was ticked. */
export interface PreferenceChoice {
  wanted: Set<string>;
  noMarketing: boolean;
}

/**
 * Only changes are recorded. A box shown ticked and left alone is no opt-in (a pre-ticked box is not consent under
 * GDPR, Planet49); un-ticking is an opt-out, ticking a box that showed an opt-out is an opt-in, both with source `link`.
 */
export function preferenceChanges(prefs: Preferences, choice: PreferenceChoice, at: Date): ConsentChange[] {
  const change = (channel: ConsentScope, status: 'opted_in' | 'opted_out'): ConsentChange => ({ contactId: prefs.contactId, channel, status, source: 'link', at });
  const out: ConsentChange[] = [];
  const allOut = prefs.status.all === 'opted_out';
  if (choice.noMarketing && !allOut) out.push(change('all', 'opted_out'));
  if (!choice.noMarketing && allOut) out.push(change('all', 'opted_in'));
  for (const ch of prefs.channels) {
    const current = prefs.status[ch];
    if (choice.wanted.has(ch) && current === 'opted_out') out.push(change(ch, 'opted_in'));
    if (!choice.wanted.has(ch) && current !== 'opted_out') out.push(change(ch, 'opted_out'));
  }
  return out;
}

export async function savePreferences(tx: DbOrTx, prefs: Preferences, choice: PreferenceChoice, at: Date): Promise<ConsentChange[]> {
  const changes = preferenceChanges(prefs, choice, at);
  if (changes.length) await recordConsents(tx, changes);
  return changes;
}

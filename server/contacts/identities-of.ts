// The identities of a page of contacts in one query, so a list row can show a nameless contact by their phone or email.
import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contactIdentities } from '../db/schema/index.ts';

/**
 * The one order of a contact's identities everywhere: oldest first. The first email or phone in it is `contact.email`
 * or `contact.phone` in templates, the address a reply or campaign goes to, and the one a profile lists first.
 */
export const IDENTITY_ORDER = [asc(contactIdentities.createdAt), asc(contactIdentities.id)] as const;

export interface IdentityRef {
  kind: string;
  value: string;
}

/** Contact id → its identities, oldest first (the order the web's `bestIdentity` breaks ties by). */
export async function identitiesOf(db: Db, contactIds: readonly string[]): Promise<Map<string, IdentityRef[]>> {
  const byContact = new Map<string, IdentityRef[]>();
  const ids = [...new Set(contactIds)];
  if (!ids.length) return byContact;
  const rows = await db
    .select({ contactId: contactIdentities.contactId, kind: contactIdentities.kind, value: contactIdentities.value })
    .from(contactIdentities)
    .where(inArray(contactIdentities.contactId, ids))
    .orderBy(...IDENTITY_ORDER);
  for (const row of rows) {
    const list = byContact.get(row.contactId) ?? [];
    list.push({ kind: row.kind, value: row.value });
    byContact.set(row.contactId, list);
  }
  return byContact;
}

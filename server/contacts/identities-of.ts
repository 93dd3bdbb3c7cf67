// The identities of a page of contacts in one query, so a list row can show a nameless contact by their phone or email.
import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contactIdentities } from '../db/schema/index.ts';

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
    .orderBy(asc(contactIdentities.createdAt), asc(contactIdentities.id));
  for (const row of rows) {
    const list = byContact.get(row.contactId) ?? [];
    list.push({ kind: row.kind, value: row.value });
    byContact.set(row.contactId, list);
  }
  return byContact;
}

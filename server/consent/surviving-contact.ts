// Who a link's contact is now: a contact merged away lives on in the one it was merged into (and so on, merge by merge).
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { contactMerges, contacts } from '../db/schema/index.ts';

/** More merges in a row than anyone makes by hand; a cycle (impossible, but data is data) ends here too. */
const MAX_HOPS = 32;

/**
 * The id of the contact that holds `contactId` now, or undefined when it is gone (erased, or deleted without a merge).
 * Mail already delivered keeps naming the contact it went to: its unsubscribe link must reach the merged profile, or
 * the customer's opt-out lands nowhere and marketing goes on.
 */
export async function survivingContactId(db: DbOrTx, contactId: string): Promise<string | undefined> {
  let id = contactId;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const [contact] = await db.select({ erasedAt: contacts.erasedAt }).from(contacts).where(eq(contacts.id, id));
    if (contact) return contact.erasedAt ? undefined : id;
    const [merge] = await db
      .select({ intoId: contactMerges.intoId })
      .from(contactMerges)
      .where(and(eq(contactMerges.fromId, id), isNull(contactMerges.revertedAt)))
      .orderBy(desc(contactMerges.createdAt))
      .limit(1);
    if (!merge) return undefined;
    id = merge.intoId;
  }
  return undefined;
}

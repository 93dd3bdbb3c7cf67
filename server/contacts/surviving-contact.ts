// A contact as it stands now: itself, or the contact it was merged into (in turn, if that one was merged too). Links
// sent to a customer (unsubscribe) name the contact of that moment, and an agent's merge must not break them.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { contactMerges, contacts } from '../db/schema/index.ts';

/** Merges chain rarely past two; the bound only guards against a cycle that reverts and re-merges could leave. */
const MAX_HOPS = 20;

/** The id of the live contact `contactId` is now part of, or undefined when it (or its survivor) was erased or deleted. */
export async function survivingContactId(db: DbOrTx, contactId: string): Promise<string | undefined> {
  let id = contactId;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const [contact] = await db.select({ id: contacts.id, erasedAt: contacts.erasedAt }).from(contacts).where(eq(contacts.id, id));
    if (contact) return contact.erasedAt ? undefined : contact.id;
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

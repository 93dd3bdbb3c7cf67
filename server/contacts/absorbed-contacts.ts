// The contacts merged into one, directly or through merges of merges: their data is that contact's now.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client.ts';

/**
 * Every contact merged (and not un-merged) into `contactId`, at any depth. Events, deliveries and merge snapshots
 * recorded before a merge still name the contact merged away, so an erasure that looked only at the surviving id
 * would leave that part of the person behind.
 */
export async function absorbedContactIds(db: DbOrTx, contactId: string): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      with recursive absorbed(id) as (
        select from_id from contact_merges where into_id = ${contactId}::uuid and reverted_at is null
        union
        select m.from_id from contact_merges m join absorbed a on m.into_id = a.id where m.reverted_at is null
      )
      select id from absorbed where id <> ${contactId}::uuid`),
  );
  return rows.map((r) => r.id);
}

// The contacts list: newest first, filtered by search words or a label, one keyset page at a time.
import { and, arrayContains, desc, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '../db/schema/index.ts';
import { tsParam, type Db } from '../db/client.ts';
import { CURSOR_SHAPES, decodeCursor, encodeCursor } from '../http/cursor.ts';
import { matchingContactIds, searchTerms } from '../search/search-terms.ts';
import { identitiesOf } from './identities-of.ts';

export const contactListQuery = z.object({
  q: z.string().max(200).optional(),
  label: z.string().max(50).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** `region` reads a phone number typed without its country code. */
export async function listContacts(db: Db, query: z.output<typeof contactListQuery>, region: string) {
  const where: SQL[] = [sql`${contacts.erasedAt} is null`];
  const terms = query.q ? searchTerms(query.q, region) : undefined;
  if (terms) where.push(sql`${contacts.id} in (${matchingContactIds(terms)})`);
  if (query.label) where.push(arrayContains(contacts.labels, [query.label]));
  const after = decodeCursor(query.cursor, CURSOR_SHAPES.timeAndId);
  if (after) where.push(sql`(${contacts.createdAt}, ${contacts.id}) < (${tsParam(new Date(after[0]))}, ${after[1]}::uuid)`);
  const rows = await db
    .select()
    .from(contacts)
    .where(and(...where))
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const ids = await identitiesOf(
    db,
    page.map((p) => p.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((p) => ({
      id: p.id,
      name: p.name,
      identities: ids.get(p.id) ?? [],
      labels: p.labels,
      lastInboundAt: p.lastInboundAt,
      createdAt: p.createdAt,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

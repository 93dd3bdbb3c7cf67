// Full-text search over contacts and message text: Turkish-aware folding, prefix matching, newest first.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contacts, messages } from '../db/schema/index.ts';
import { toPrefixQuery } from '../lib/fold-text.ts';

export async function search(db: Db, text: string, options: { limit: number; includePrivate: boolean }) {
  const q = toPrefixQuery(text);
  if (!q) return { contacts: [], messages: [] };
  const tsq = sql`to_tsquery('simple', ${q})`;
  const contactRows = await db
    .select({ id: contacts.id, name: contacts.name, lastInboundAt: contacts.lastInboundAt })
    .from(contacts)
    .where(sql`${contacts.searchVector} @@ ${tsq}`)
    .orderBy(desc(contacts.lastInboundAt))
    .limit(options.limit);
  const messageRows = await db
    .select({ id: messages.id, conversationId: messages.conversationId, text: messages.text, createdAt: messages.createdAt, contactId: contacts.id, contactName: contacts.name })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(sql`${messages.searchVector} @@ ${tsq}`, options.includePrivate ? undefined : eq(messages.private, false)))
    .orderBy(desc(messages.createdAt))
    .limit(options.limit);
  return {
    contacts: contactRows,
    messages: messageRows.map((m) => ({ id: m.id, conversationId: m.conversationId, text: m.text.slice(0, 300), createdAt: m.createdAt, contact: { id: m.contactId, name: m.contactName } })),
  };
}

// Full-text search over contacts and message text, Turkish-aware (folded) with prefix matching.
import { and, desc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { contacts, messages } from '../db/schema/index.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes } from '../http/route.ts';
import { toPrefixQuery } from '../lib/fold-text.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'search', '/api');

route({ method: 'get', path: '/search', summary: 'Search contacts and messages', access: ['agent', 'marketer'], query: z.object({ q: z.string().min(1).max(200), limit: z.coerce.number().int().min(1).max(50).default(20) }) }, async (c, { query, user }) => {
  const db = c.get('services').database.db;
  const q = toPrefixQuery(query.q);
  if (!q) return { contacts: [], messages: [] };
  const tsq = sql`to_tsquery('simple', ${q})`;
  const seesNotes = user.roles.includes('agent') || user.roles.includes('admin');
  const contactRows = await db
    .select({ id: contacts.id, name: contacts.name, lastInboundAt: contacts.lastInboundAt })
    .from(contacts)
    .where(sql`${contacts.searchVector} @@ ${tsq}`)
    .orderBy(desc(contacts.lastInboundAt))
    .limit(query.limit);
  const messageRows = await db
    .select({ id: messages.id, conversationId: messages.conversationId, text: messages.text, createdAt: messages.createdAt, contactId: contacts.id, contactName: contacts.name })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(sql`${messages.searchVector} @@ ${tsq}`, seesNotes ? undefined : eq(messages.private, false)))
    .orderBy(desc(messages.createdAt))
    .limit(query.limit);
  return {
    contacts: contactRows,
    messages: messageRows.map((m) => ({ id: m.id, conversationId: m.conversationId, text: m.text.slice(0, 300), createdAt: m.createdAt, contact: { id: m.contactId, name: m.contactName } })),
  };
});

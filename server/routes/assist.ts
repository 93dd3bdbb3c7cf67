// Assistance for agents: reply suggestions (no model) and the workspace's own model (drafts, summaries, translations).
import { and, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { cannedResponses, conversations, messages } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { recordPick, suggestReplies } from '../assist/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'assist', '/api');

async function conversationId(c: Context<AppEnv>): Promise<string> {
  const id = uuidParam(c);
  const [row] = await c.get('services').database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id));
  if (!row) throw notFound('conversation');
  return id;
}

route({ method: 'get', path: '/conversations/:id/suggestions', summary: 'Reply suggestions for the latest inbound message: canned responses and past agent replies, variables filled', access: ['agent'] }, async (c) => {
  const services = c.get('services');
  return { items: await suggestReplies(services.database.db, await conversationId(c), services.now()) };
});

route({ method: 'post', path: '/conversations/:id/suggestions/:itemId/picked', summary: 'Record that an agent used a suggestion (ranks it higher next time)', access: ['agent'] }, async (c) => {
  const services = c.get('services');
  const db = services.database.db;
  await conversationId(c);
  const itemId = uuidParam(c, 'itemId');
  // Ids are uuids across both tables, so the item says itself which source it came from.
  const [canned] = await db.select({ id: cannedResponses.id }).from(cannedResponses).where(eq(cannedResponses.id, itemId));
  const [reply] = canned ? [] : await db.select({ id: messages.id }).from(messages).where(and(eq(messages.id, itemId), eq(messages.direction, 'out')));
  if (!canned && !reply) throw notFound('suggestion');
  const source = canned ? 'canned' : 'history';
  return { source, id: itemId, count: await recordPick(db, source, itemId, services.now()) };
});

// The inbox: conversations, their messages, replies and notes.
import { and, count, desc, eq, lt, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { attachments, conversations, CONVERSATION_STATUSES, messages, PRIORITIES, teams, users } from '../db/schema/index.ts';
import { AppError, invalidField, notFound } from '../errors.ts';
import type { AppEnv, AuthUser } from '../http/env.ts';
import { CURSOR_SHAPES, decodeCursor, encodeCursor } from '../http/cursor.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { fileResponse } from '../http/file-response.ts';
import { retrySend } from '../outbound/retry-send.ts';
import { getConversation, listConversations } from '../conversations/list-conversations.ts';
import { createReply } from '../outbound/create-reply.ts';
import { serializeMessage, serializeMessages } from '../conversations/serialize-message.ts';
import { updateConversation } from '../conversations/update-conversation.ts';
import { conversationListQuery, conversationPatchBody, newMessageBody } from '../conversations/conversation-input.ts';
import { bulkBody, MAX_BULK } from '../conversations/bulk-input.ts';
import { bulkUpdate } from '../conversations/bulk-update.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'conversations', '/api');

const canReadNotes = (u: AuthUser) => u.roles.includes('agent') || u.roles.includes('admin');
const limit = z.coerce.number().int().min(1).max(200).default(50);

route(
  {
    method: 'get',
    path: '/conversations',
    summary: 'List conversations, newest activity first (keyset pagination)',
    access: ['agent', 'marketer'],
    query: conversationListQuery,
  },
  async (c, { query, user }) => {
    const services = c.get('services');
    const scope = { region: services.workspace.defaultRegion, includePrivate: canReadNotes(user) };
    return listConversations(services.database.db, { ...query, assignee: query.assignee === 'me' ? user.id : query.assignee }, scope);
  },
);

export const countsRoute = route({ method: 'get', path: '/conversations/counts', summary: 'Open-conversation counts for the inbox sidebar', access: ['agent', 'marketer'] }, async (c, { user }) => {
  const db = c.get('services').database.db;
  const [totals] = await db
    .select({
      all: sql<number>`count(*) filter (where ${conversations.status} = 'open')`.mapWith(Number),
      mine: sql<number>`count(*) filter (where ${conversations.status} = 'open' and ${conversations.assigneeId} = ${user.id})`.mapWith(Number),
      unassigned: sql<number>`count(*) filter (where ${conversations.status} = 'open' and ${conversations.assigneeId} is null)`.mapWith(Number),
    })
    .from(conversations);
  const byStatus = await db.select({ status: conversations.status, n: count() }).from(conversations).groupBy(conversations.status);
  const byChannel = await db.select({ id: conversations.channelId, n: count() }).from(conversations).where(eq(conversations.status, 'open')).groupBy(conversations.channelId);
  const byTeam = await db.select({ id: conversations.teamId, n: count() }).from(conversations).where(eq(conversations.status, 'open')).groupBy(conversations.teamId);
  const byLabel = await db.execute(sql`select label, count(*)::int as n from conversations, unnest(labels) as label where status = 'open' group by label`);
  const labelRows = (Array.isArray(byLabel) ? byLabel : (byLabel as { rows: unknown[] }).rows) as Array<{ label: string; n: number }>;
  return {
    ...totals,
    byStatus: Object.fromEntries(CONVERSATION_STATUSES.map((s) => [s, Number(byStatus.find((r) => r.status === s)?.n ?? 0)])),
    byChannel: Object.fromEntries(byChannel.filter((r) => r.id).map((r) => [r.id, Number(r.n)])),
    byTeam: Object.fromEntries(byTeam.filter((r) => r.id).map((r) => [r.id, Number(r.n)])),
    byLabel: Object.fromEntries(labelRows.map((r) => [r.label, Number(r.n)])),
  };
});

route(
  {
    method: 'post',
    path: '/conversations/bulk',
    summary: `Assign, label, resolve, snooze or reopen many conversations (ids, or every one matching the list's filter; at most ${MAX_BULK}) in one transaction; restore undoes with the returned previous states`,
    access: ['agent'],
    body: bulkBody,
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const scope = { region: services.workspace.defaultRegion, includePrivate: canReadNotes(user) };
    return bulkUpdate(services, body, { actorUserId: user.id, scope });
  },
);

route({ method: 'get', path: '/conversations/:id', summary: 'One conversation', access: ['agent', 'marketer'] }, async (c) => {
  const conv = await getConversation(c.get('services').database.db, uuidParam(c));
  if (!conv) throw notFound('conversation');
  return conv;
});

route(
  {
    method: 'patch',
    path: '/conversations/:id',
    summary: 'Change status, snooze, assignee, team, priority or labels',
    access: ['agent'],
    body: conversationPatchBody,
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const id = uuidParam(c);
    if (body.assigneeId) {
      const [u] = await services.database.db.select({ id: users.id }).from(users).where(eq(users.id, body.assigneeId));
      if (!u) throw new AppError(422, 'unknown_user', 'assigneeId does not name a user');
    }
    if (body.teamId) {
      const [t] = await services.database.db.select({ id: teams.id }).from(teams).where(eq(teams.id, body.teamId));
      if (!t) throw new AppError(422, 'unknown_team', 'teamId does not name a team');
    }
    await updateConversation(services, id, { ...body, snoozedUntil: body.snoozedUntil === undefined ? undefined : body.snoozedUntil ? new Date(body.snoozedUntil) : null }, { actorUserId: user.id });
    return getConversation(services.database.db, id);
  },
);

route({ method: 'post', path: '/conversations/:id/read', summary: 'Mark a conversation read', access: ['agent'] }, async (c) => {
  const services = c.get('services');
  const id = uuidParam(c);
  const rows = await services.database.db.update(conversations).set({ unreadCount: 0 }).where(eq(conversations.id, id)).returning({ id: conversations.id });
  if (!rows.length) throw notFound('conversation');
  return { ok: true };
});

route(
  {
    method: 'get',
    path: '/conversations/:id/messages',
    summary: 'Messages, newest page first, oldest first within a page',
    access: ['agent', 'marketer'],
    query: z.object({ cursor: z.string().max(200).optional(), limit }),
  },
  async (c, { query, user }) => {
    const db = c.get('services').database.db;
    const id = uuidParam(c);
    const [conv] = await db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, id));
    if (!conv) throw notFound('conversation');
    const before = decodeCursor(query.cursor, CURSOR_SHAPES.seq);
    const rows = await db
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, id), before ? lt(messages.seq, before[0]) : undefined, canReadNotes(user) ? undefined : eq(messages.private, false)))
      .orderBy(desc(messages.seq))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit).reverse();
    return { items: await serializeMessages(db, page), nextCursor: rows.length > query.limit ? encodeCursor([page[0]!.seq!]) : null };
  },
);

route(
  {
    method: 'post',
    path: '/conversations/:id/messages',
    summary: 'Reply (queued and sent on the channel) or add a private note (never sent)',
    access: ['agent'],
    status: 201,
    body: newMessageBody,
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const key = c.req.header('idempotency-key');
    if (key && key.length > 200) throw invalidField('Idempotency-Key', 'Idempotency-Key is too long');
    const message = await createReply(
      { database: services.database, jobs: services.jobs, now: services.now },
      {
        conversationId: uuidParam(c),
        text: body.text,
        private: body.private,
        channelId: body.channelId,
        senderType: 'user',
        senderUserId: user.id,
        idempotencyKey: key ?? undefined,
        attachmentIds: [...new Set(body.attachmentIds)],
      },
    );
    return serializeMessage(services.database.db, message);
  },
);

route({ method: 'post', path: '/messages/:id/retry', summary: 'Send a failed reply again (after fixing the channel or an outage); 409 unless it failed', access: ['agent'] }, async (c, { user }) => {
  const services = c.get('services');
  return serializeMessage(services.database.db, await retrySend(services, uuidParam(c), user.id));
});

route({ method: 'get', path: '/attachments/:id', summary: 'Download an attachment; `Range: bytes=…` gets one range (206), past the end 416', access: ['agent', 'marketer'] }, async (c, { user }) => {
  const services = c.get('services');
  const [found] = await services.database.db
    .select({ file: attachments, private: messages.private })
    .from(attachments)
    .leftJoin(messages, eq(messages.id, attachments.messageId))
    .where(eq(attachments.id, uuidParam(c)));
  // A private note's file is as private as its text: a marketer who has its id gets what an unknown id gets.
  return fileResponse(c.req.raw, services.storage, found?.private && !canReadNotes(user) ? undefined : found?.file);
});

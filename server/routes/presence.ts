// Presence: agents say they are viewing or typing in a conversation; every other agent hears it live.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { conversations } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { PRESENCE_STATES, PRESENCE_TTL_MS } from '../realtime/presence.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'presence', '/api');

route(
  {
    method: 'post',
    path: '/conversations/:id/presence',
    summary: `Heartbeat: viewing, typing or left (a heartbeat lasts ${PRESENCE_TTL_MS / 1000} s); broadcast to other agents as a presence event; answers who else is there`,
    access: ['agent'],
    body: z.object({ state: z.enum(PRESENCE_STATES) }),
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const conversationId = uuidParam(c);
    const [row] = await services.database.db.select({ id: conversations.id }).from(conversations).where(eq(conversations.id, conversationId));
    if (!row) throw notFound('conversation');
    await services.realtime.announcePresence({ conversationId, userId: user.id, userName: user.name, state: body.state, at: services.now().toISOString() });
    return { items: services.realtime.presence.list(conversationId, services.now()).filter((p) => p.userId !== user.id) };
  },
);

route({ method: 'get', path: '/conversations/:id/presence', summary: 'Who else is viewing or typing in a conversation now', access: ['agent', 'marketer'] }, async (c, { user }) => {
  const services = c.get('services');
  return { items: services.realtime.presence.list(uuidParam(c), services.now()).filter((p) => p.userId !== user.id) };
});

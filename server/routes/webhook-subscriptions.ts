// Outbound webhook subscriptions (admin only): manage, read the delivery log, replay, rotate the signing secret.
// Inbound provider webhooks are another thing, in webhooks.ts.
import { Hono } from 'hono';
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES } from '../db/schema/index.ts';
import type { AppEnv } from '../http/env.ts';
import { CURSOR_SHAPES, decodeCursor } from '../http/cursor.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { isoTimestamp } from '../lib/validators.ts';
import {
  WEBHOOK_EVENT_TYPES,
  createSubscription,
  deleteSubscription,
  getSubscription,
  listDeliveries,
  listSubscriptions,
  replayDeliveries,
  rotateSecret,
  sendTestEvent,
  subscriptionView,
  updateSubscription,
  webhookDeps,
} from '../webhooks/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'webhooks', '/api');

// No user name or password in it: the URL is shown in Settings, the delivery log and customers' data exports, and
// the signature is how a receiver knows the sender.
const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .refine((v) => !URL.canParse(v) || (!new URL(v).username && !new URL(v).password), 'must not carry a user name or password: receivers verify the signature instead');
const events = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length * 2);
const description = z.string().trim().max(500).nullable();
/** An ISO instant Postgres can store, handed on as a Date (a bare number, `true` or `null` is not a time). */
const instant = isoTimestamp().transform((v) => new Date(v));

export const createWebhookRoute = route(
  {
    method: 'post',
    path: '/webhooks',
    summary: 'Subscribe a URL to events; returns the signing secret (whsec_…) once',
    access: ['admin'],
    status: 201,
    body: z.object({ url, events, description: description.optional() }),
  },
  async (c, { body, user }) => createSubscription(webhookDeps(c.get('services')), body, user.id),
);

export const listWebhooksRoute = route({ method: 'get', path: '/webhooks', summary: 'List webhook subscriptions (secrets are never shown again)', access: ['admin'] }, async (c) => ({
  items: await listSubscriptions(webhookDeps(c.get('services'))),
}));

route({ method: 'get', path: '/webhooks/:id', summary: 'One webhook subscription', access: ['admin'] }, async (c) => subscriptionView(await getSubscription(c.get('services'), uuidParam(c))));

export const updateWebhookRoute = route(
  {
    method: 'patch',
    path: '/webhooks/:id',
    summary: 'Change a subscription; active: true re-enables one that was disabled',
    access: ['admin'],
    body: z.object({ url: url.optional(), events: events.optional(), description: description.optional(), active: z.boolean().optional() }),
  },
  async (c, { body, user }) => updateSubscription(webhookDeps(c.get('services')), uuidParam(c), body, user.id),
);

route({ method: 'delete', path: '/webhooks/:id', summary: 'Delete a subscription and its delivery log', access: ['admin'], status: 204 }, async (c, { user }) => {
  await deleteSubscription(webhookDeps(c.get('services')), uuidParam(c), user.id);
  return c.body(null, 204);
});

export const webhookDeliveriesRoute = route(
  {
    method: 'get',
    path: '/webhooks/:id/deliveries',
    summary: 'The delivery log: status, response code and time, attempts, event id',
    access: ['admin'],
    query: z.object({
      status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
      before: instant.optional(),
      cursor: z.string().max(300).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  async (c, { query }) => {
    const services = c.get('services');
    const id = uuidParam(c);
    await getSubscription(services, id);
    return listDeliveries(services.database.db, id, { ...query, afterSeq: decodeCursor(query.cursor, CURSOR_SHAPES.seq)?.[0] });
  },
);

export const replayWebhookRoute = route(
  {
    method: 'post',
    path: '/webhooks/:id/replay',
    summary: 'Send one delivery again, or every event in a time range (since, until)',
    access: ['admin'],
    body: z
      .object({ deliveryId: z.uuid().optional(), since: instant.optional(), until: instant.optional() })
      .refine((b) => (b.deliveryId === undefined) !== (b.since === undefined), { message: 'give exactly one of deliveryId and since' })
      .refine((b) => b.until === undefined || (b.since !== undefined && b.until > b.since), { message: 'until must come after since', path: ['until'] }),
  },
  async (c, { body }) => replayDeliveries(c.get('services'), uuidParam(c), body),
);

export const rotateWebhookSecretRoute = route(
  { method: 'post', path: '/webhooks/:id/rotate-secret', summary: 'A new signing secret; the old one keeps signing too for 24 hours', access: ['admin'] },
  async (c, { user }) => rotateSecret(webhookDeps(c.get('services')), uuidParam(c), user.id),
);

export const testWebhookRoute = route(
  {
    method: 'post',
    path: '/webhooks/:id/test',
    summary: 'Send a signed webhook.test event to the URL now and say what the receiver answered (not logged, not retried)',
    access: ['admin'],
  },
  async (c) => sendTestEvent(webhookDeps(c.get('services')), uuidParam(c)),
);

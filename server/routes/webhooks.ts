// Provider webhooks and the API channel's inbound endpoint: the connector verifies, stores, and only then we answer.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/env.ts';
import { AppError } from '../errors.ts';
import { IngestError } from '../inbound/ingest-error.ts';
import { routeRegistry } from '../http/route.ts';
import { apiInboundSchema, apiStatusSchema } from '../../connectors/api/api-channel.ts';

export const app = new Hono<AppEnv>();

/** URL path segment → channel kind (Twilio's webhooks serve the SMS channel). */
const KIND_ALIASES: Record<string, string> = { twilio: 'sms', sms: 'sms', telegram: 'telegram', whatsapp: 'whatsapp', email: 'email', api: 'api' };

async function deliver(c: Context<AppEnv>, channelId: string, kind: string | undefined, subPath: string) {
  const services = c.get('services');
  if (!z.uuid().safeParse(channelId).success) throw new AppError(404, 'not_found', 'channel not found');
  const live = await services.runtime.instance(channelId);
  if ((kind && live.kind !== kind) || !live.channel.handleWebhook) throw new AppError(404, 'not_found', 'no webhook for this channel');
  const url = new URL(c.req.url);
  const rawBody = await c.req.text();
  try {
    const response = await live.channel.handleWebhook({
      method: c.req.method,
      publicUrl: `${services.config.publicUrl}${url.pathname}${url.search}`,
      subPath,
      headers: c.req.raw.headers,
      rawBody,
    });
    return new Response(response.body ?? null, { status: response.status, headers: response.contentType ? { 'content-type': response.contentType } : {} });
  } catch (error) {
    if (error instanceof IngestError) throw new AppError(error.status, error.code, error.message);
    throw error;
  }
}

routeRegistry.push({
  method: 'post',
  path: '/api/channels/{id}/inbound',
  summary: 'API channel inbound message, signed with X-Ulak-Signature: sha256=<hex HMAC of the raw body>',
  tag: 'webhooks',
  access: 'public',
  status: 202,
  body: apiInboundSchema,
});
routeRegistry.push({
  method: 'post',
  path: '/api/channels/{id}/status',
  summary: 'API channel delivery status of a reply, signed like inbound messages',
  tag: 'webhooks',
  access: 'public',
  status: 200,
  body: apiStatusSchema,
});
app.post('/api/channels/:id/inbound', (c) => deliver(c, c.req.param('id'), 'api', '/inbound'));
app.post('/api/channels/:id/status', (c) => deliver(c, c.req.param('id'), 'api', '/status'));

routeRegistry.push({
  method: 'post',
  path: '/webhooks/{kind}/{channelId}',
  summary: 'Provider webhooks (twilio/…/sms|status, telegram/…); signatures verified by the connector',
  tag: 'webhooks',
  access: 'public',
  status: 200,
});
app.all('/webhooks/:kind/:channelId/*', (c) => {
  const kind = KIND_ALIASES[c.req.param('kind')];
  if (!kind) throw new AppError(404, 'not_found', 'unknown webhook');
  const prefix = `/webhooks/${c.req.param('kind')}/${c.req.param('channelId')}`;
  return deliver(c, c.req.param('channelId'), kind, new URL(c.req.url).pathname.slice(prefix.length) || '/');
});
app.all('/webhooks/:kind/:channelId', (c) => {
  const kind = KIND_ALIASES[c.req.param('kind')];
  if (!kind) throw new AppError(404, 'not_found', 'unknown webhook');
  return deliver(c, c.req.param('channelId'), kind, '/');
});

// The API channel: any system posts signed messages in; replies are POSTed, signed the same way, to its webhook.
import { apiIdentityParts } from '../channel-kinds.ts';
import { z } from 'zod';
import {
  ChannelError,
  webhookError as error,
  type Channel,
  type ChannelContext,
  type ChannelDriver,
  type Identity,
  type OutboundMessage,
  type WebhookRequest,
  type WebhookResponse,
} from '../channel.ts';
import { sign, SIGNATURE_HEADER, verify } from '../signature.ts';
import { fieldIssues } from '../../server/http/error-body.ts';
import { httpUrl } from '../../server/lib/http-url.ts';
import { isoTimestamp } from '../../server/lib/validators.ts';

export const apiConfigSchema = z.object({
  webhookUrl: httpUrl().optional(),
  secret: z.string().min(16),
});
export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** The inbound body: also listed in /api/openapi.json. */
export const apiInboundSchema = z.object({
  externalId: z.string().min(1).max(200),
  from: z.object({
    id: z.string().min(1).max(200),
    name: z.string().max(200).optional(),
    email: z.string().max(320).optional(),
    phone: z.string().max(40).optional(),
  }),
  text: z.string().max(65_536),
  sentAt: isoTimestamp().optional(),
});

/** A delivery status for a reply the integrator received: also listed in /api/openapi.json. */
export const apiStatusSchema = z.object({
  messageId: z.string().min(1),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  error: z.string().max(500).optional(),
});

const json = (status: number, body: unknown): WebhookResponse => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

export function createApiChannel(ctx: ChannelContext<ApiConfig>): Channel {
  const { config } = ctx;
  return {
    async handleWebhook(request: WebhookRequest): Promise<WebhookResponse> {
      if (!verify(config.secret, request.rawBody, request.headers.get(SIGNATURE_HEADER))) {
        return error(401, 'invalid_signature', 'X-Ulak-Signature does not match the body signed with the channel secret');
      }
      let body: unknown;
      try {
        body = JSON.parse(request.rawBody);
      } catch {
        return error(400, 'invalid_json', 'The request body is not valid JSON');
      }
      if (request.subPath === '/status') return handleStatus(body);
      const parsed = apiInboundSchema.safeParse(body);
      if (!parsed.success) return error(422, 'validation_failed', z.prettifyError(parsed.error), fieldIssues(parsed.error.issues));
      const m = parsed.data;
      const identities: Identity[] = [{ kind: 'api', value: `${ctx.channel.id}:${m.from.id}` }];
      if (m.from.email) identities.push({ kind: 'email', value: m.from.email });
      if (m.from.phone) identities.push({ kind: 'phone', value: m.from.phone });
      const result = await ctx.sink.receive({
        idempotencyKey: m.externalId,
        externalId: m.externalId,
        from: { identities, name: m.from.name },
        text: m.text,
        sentAt: m.sentAt ? new Date(m.sentAt) : ctx.now(),
      });
      ctx.health({ state: 'connected', lastEventAt: ctx.now().toISOString() });
      return json(202, { messageId: result.messageId, conversationId: result.conversationId, contactId: result.contactId, duplicate: !result.created });
    },

    async send(message: OutboundMessage) {
      // Without a webhook the integrator reads replies through the API; there is nothing to push.
      if (!config.webhookUrl) return { externalId: message.id, status: 'sent' as const };
      const body = JSON.stringify({
        id: message.id,
        to: { id: stripChannelPrefix(message.to.value, ctx.channel.id), name: message.to.name },
        text: message.text,
        subject: message.subject,
        attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, contentBase64: Buffer.from(a.content).toString('base64') })),
        sentAt: ctx.now().toISOString(),
      });
      let response: Response;
      try {
        response = await ctx.webhookFetch(config.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(config.secret, body), 'x-ulak-delivery': message.id, 'idempotency-key': message.id },
          body,
          signal: AbortSignal.timeout(10_000),
        });
      } catch (cause) {
        // The message is the egress policy's fixed text: it must not tell an agent whether a refused port was open.
        const final = (cause as { final?: boolean }).final === true;
        throw new ChannelError(final ? 'CONFIG' : 'TEMPORARY', `webhook: ${(cause as Error).message}`, { cause });
      }
      if (!response.ok) throw mapWebhookStatus(response.status, response.headers.get('retry-after'));
      return { externalId: message.id, status: 'sent' as const };
    },
  };

  async function handleStatus(body: unknown): Promise<WebhookResponse> {
    const parsed = apiStatusSchema.safeParse(body);
    if (!parsed.success) return error(422, 'validation_failed', z.prettifyError(parsed.error), fieldIssues(parsed.error.issues));
    await ctx.sink.updateStatus({
      externalId: parsed.data.messageId,
      status: parsed.data.status,
      error: parsed.data.error ? { code: 'REJECTED', message: parsed.data.error } : undefined,
    });
    return json(200, { ok: true });
  }
}

function stripChannelPrefix(value: string, channelId: string): string {
  const parts = apiIdentityParts(value);
  return parts?.channelId === channelId ? parts.id : value;
}

/** Maps the receiving webhook's HTTP status to our error codes. */
export function mapWebhookStatus(status: number, retryAfter: string | null): ChannelError {
  if (status === 429) return new ChannelError('RATE_LIMITED', 'webhook rate limited', { retryAfterMs: retryAfter ? Number(retryAfter) * 1000 : undefined });
  if (status >= 500) return new ChannelError('TEMPORARY', `webhook answered ${status}`);
  if (status === 401 || status === 403) return new ChannelError('AUTH', `webhook refused the signature (${status})`);
  return new ChannelError('REJECTED', `webhook answered ${status}`);
}

export const apiDriver: ChannelDriver<ApiConfig> = {
  kind: 'api',
  configSchema: apiConfigSchema,
  secretFields: ['secret'],
  pulls: false,
  webhookUrls: (config) => (config.webhookUrl ? [{ field: 'webhookUrl', url: config.webhookUrl }] : []),
  create: createApiChannel,
};

// The SMS driver over Twilio: signed webhooks in (messages and status callbacks), the Twilio SDK out.
import twilio from 'twilio';
import type { Channel, ChannelContext, ChannelDriver, TestReport } from '../channel.ts';
import { assertMmsLimits, mmsMediaUrls } from './mms-media.ts';
import { mapTwilioError } from './map-twilio-error.ts';
import { smsConfigSchema, type SmsConfig } from './sms-config.ts';
import { handleSmsWebhook } from './sms-webhook.ts';
import { downloadTwilioMedia } from './normalize-inbound.ts';
import { pointWebhooks } from './point-webhooks.ts';
import { apiRootHttpClient } from './twilio-api-root.ts';

export type TwilioClient = ReturnType<typeof twilio>;
/** Builds the SDK client, against the channel's `apiRoot` when it has one; tests may inject their own. */
export type TwilioClientFactory = (accountSid: string, authToken: string, apiRoot?: string) => TwilioClient;

const sdkClient: TwilioClientFactory = (sid, token, apiRoot) => twilio(sid, token, apiRoot ? { httpClient: apiRootHttpClient(apiRoot) } : {});

export function createSmsDriver(options: { clientFactory?: TwilioClientFactory } = {}): ChannelDriver<SmsConfig> {
  const clientFactory = options.clientFactory ?? sdkClient;
  return {
    kind: 'sms',
    configSchema: smsConfigSchema,
    secretFields: ['authToken'],
    pulls: false,
    checkAttachments: (files) => assertMmsLimits(files),
    create: (ctx) => createSmsChannel(ctx, clientFactory),
  };
}

export const smsDriver = createSmsDriver();

function createSmsChannel(ctx: ChannelContext<SmsConfig>, clientFactory: TwilioClientFactory): Channel {
  const config = smsConfigSchema.parse(ctx.config);
  const client = clientFactory(config.accountSid, config.authToken, config.apiRoot);
  const media = { accountSid: config.accountSid, authToken: config.authToken, maxBytes: config.maxAttachmentBytes, signal: ctx.signal };
  const base = `${ctx.publicUrl.replace(/\/$/, '')}/webhooks/twilio/${ctx.channel.id}`;
  const statusCallback = `${base}/status`;

  return {
    async send(message) {
      const mediaUrl = mmsMediaUrls(message.attachments ?? []);
      try {
        const sent = await client.messages.create({
          to: message.to.value,
          body: message.text,
          ...(mediaUrl.length ? { mediaUrl } : {}),
          ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from! }),
          statusCallback,
        });
        return { externalId: sent.sid, status: 'queued' };
      } catch (error) {
        throw mapTwilioError(error);
      }
    },
    async activate() {
      ctx.log.info({ inbound: `${base}/sms` }, await pointWebhooks(client, config, `${base}/sms`));
    },
    fetchAttachment: (source, facts) => downloadTwilioMedia(source, facts, media),
    handleWebhook: (request) => handleSmsWebhook(request, { authToken: config.authToken, sink: ctx.sink, spool: ctx.spool, media, now: () => ctx.now() }),
    async test(): Promise<TestReport> {
      try {
        const account = await client.api.v2010.accounts(config.accountSid).fetch();
        return { ok: true, checks: [{ name: 'credentials', ok: true, message: `account ${account.friendlyName} (${account.status})` }] };
      } catch (error) {
        return { ok: false, checks: [{ name: 'credentials', ok: false, message: mapTwilioError(error).message }] };
      }
    },
  };
}

// Verifies X-Twilio-Signature over the public URL and form params, then routes /sms and /status.
import twilio from 'twilio';
import { webhookError, type InboundSink, type InboundSpool, type WebhookRequest, type WebhookResponse } from '../channel.ts';
import { isTransientFailure } from '../is-transient-failure.ts';
import { normalizeInbound, type MediaAccess } from './normalize-inbound.ts';
import { statusUpdate } from './status-callback.ts';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export interface SmsWebhookDeps {
  authToken: string;
  sink: InboundSink;
  /** Where a message waits while the database is away: Twilio gives up on a webhook within 15 seconds. */
  spool?: InboundSpool;
  media: MediaAccess;
  now(): Date;
}

export async function handleSmsWebhook(request: WebhookRequest, deps: SmsWebhookDeps): Promise<WebhookResponse> {
  const route = request.subPath.replace(/\/+$/, '');
  if (route !== '/sms' && route !== '/status') return webhookError(404, 'not_found', 'Twilio webhooks are /sms and /status');
  // Twilio signs POST form params; a GET webhook is signed over the URL (query included) alone.
  const params = request.method === 'POST' ? Object.fromEntries(new URLSearchParams(request.rawBody)) : {};
  const signature = request.headers.get('x-twilio-signature') ?? '';
  if (!signature || !twilio.validateRequest(deps.authToken, signature, request.publicUrl, params)) {
    return webhookError(403, 'invalid_signature', 'X-Twilio-Signature does not match this URL and body signed with the auth token');
  }
  const fields = request.method === 'POST' ? params : Object.fromEntries(new URL(request.publicUrl).searchParams);

  if (route === '/status') {
    const update = statusUpdate(fields, deps.now());
    if (!update) return { status: 204 };
    try {
      await deps.sink.updateStatus(update);
    } catch (error) {
      // Twilio does not call a status callback again: an "undelivered" lost here would leave the reply "sent".
      if (!deps.spool || !isTransientFailure(error)) throw error;
      await deps.spool.keepReceipts([update]);
    }
    return { status: 204 };
  }
  if (!(fields.MessageSid ?? fields.SmsSid) || !fields.From) return webhookError(400, 'invalid_payload', 'missing MessageSid or From');
  const message = await normalizeInbound(fields, deps.media, deps.now());
  try {
    await deps.sink.receive(message);
  } catch (error) {
    // Twilio's retries of a webhook last 15 seconds at most, and a database failover or restart lasts longer: rather
    // than answer 5xx and lose the message, it is written to this machine's spool, flushed, and stored from there.
    if (!deps.spool || !isTransientFailure(error)) throw error;
    await deps.spool.keep([message], { handOver: true });
  }
  return { status: 200, body: EMPTY_TWIML, contentType: 'text/xml' };
}

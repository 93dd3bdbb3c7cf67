// Verifies and stores a webhook update: secret token first, then JSON, then the sink; 200 only after the commit.
import { timingSafeEqual } from 'node:crypto';
import { webhookError, type WebhookRequest, type WebhookResponse } from '../channel.ts';
import type { TgUpdate } from './telegram-updates.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export async function handleTelegramWebhook(request: WebhookRequest, deps: { secret: string | undefined; deliver(update: TgUpdate): Promise<void> }): Promise<WebhookResponse> {
  if (request.method !== 'POST') return webhookError(405, 'method_not_allowed', 'Telegram webhooks are POST requests');
  if (!deps.secret || !sameSecret(request.headers.get(SECRET_HEADER) ?? '', deps.secret)) {
    return webhookError(401, 'invalid_secret', 'X-Telegram-Bot-Api-Secret-Token does not match the secret set with setWebhook');
  }
  let update: TgUpdate;
  try {
    update = JSON.parse(request.rawBody);
  } catch {
    return webhookError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  if (typeof update?.update_id !== 'number') return webhookError(400, 'invalid_payload', 'The body is not a Telegram update');
  // A failure here propagates: the server answers 5xx and Telegram redelivers the update.
  await deps.deliver(update);
  return { status: 200 };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

// Verifies and stores a webhook update: secret token first, then JSON, then the sink; 200 only after the commit.
import { timingSafeEqual } from 'node:crypto';
import type { WebhookRequest, WebhookResponse } from '../channel.ts';
import type { TgUpdate } from './telegram-updates.ts';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export async function handleTelegramWebhook(
  request: WebhookRequest,
  deps: { secret: string | undefined; deliver(update: TgUpdate): Promise<void> },
): Promise<WebhookResponse> {
  if (request.method !== 'POST') return { status: 405 };
  if (!deps.secret || !sameSecret(request.headers.get(SECRET_HEADER) ?? '', deps.secret)) return { status: 401 };
  let update: TgUpdate;
  try {
    update = JSON.parse(request.rawBody);
  } catch {
    return { status: 400, body: 'invalid JSON' };
  }
  if (typeof update?.update_id !== 'number') return { status: 400, body: 'not a Telegram update' };
  // A failure here propagates: the server answers 5xx and Telegram redelivers the update.
  await deps.deliver(update);
  return { status: 200 };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

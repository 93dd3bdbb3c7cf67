// Standard Webhooks headers for one delivery, signed by the spec's own library (never a hand-written HMAC).
import { Webhook } from 'standardwebhooks';

/** The webhook-id a receiver dedupes on: the event's id, the same on every retry and replay. */
export const webhookIdFor = (eventId: number): string => `evt_${eventId}`;

/**
 * Several secrets (during a rotation) give several `v1,<sig>` entries separated by spaces, which the spec allows and
 * its verifiers accept when any one matches.
 */
export function signatureHeaders(secrets: string[], webhookId: string, at: Date, body: string): Record<string, string> {
  const signature = secrets.map((secret) => new Webhook(secret).sign(webhookId, at, body)).join(' ');
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

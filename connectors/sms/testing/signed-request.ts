// Builds webhook requests signed the way Twilio signs them, for tests.
import twilio from 'twilio';
import type { WebhookRequest } from '../../channel.ts';

export function signedRequest(options: { authToken: string; publicUrl: string; subPath: string; params: Record<string, string>; signature?: string }): WebhookRequest {
  const signature = options.signature ?? twilio.getExpectedTwilioSignature(options.authToken, options.publicUrl, options.params);
  return {
    method: 'POST',
    publicUrl: options.publicUrl,
    subPath: options.subPath,
    headers: new Headers({ 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }),
    rawBody: new URLSearchParams(options.params).toString(),
  };
}

// Activation: point the Twilio number (or Messaging Service) at this channel's inbound webhook, so an admin
// does not have to paste the address into the Twilio console by hand.
import { ChannelError } from '../channel.ts';
import { mapTwilioError } from './map-twilio-error.ts';
import type { SmsConfig } from './sms-config.ts';
import type { TwilioClient } from './sms-channel.ts';

/** Twilio must be able to reach the address: a loopback or private host means ULAK_PUBLIC_URL was not set. */
function assertReachable(url: string) {
  const host = new URL(url).hostname;
  if (host === 'localhost' || host === '::1' || host === '[::1]' || /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) {
    throw new ChannelError('CONFIG', `Twilio cannot reach ${url}: set ULAK_PUBLIC_URL to the address the internet uses to reach Ulak`);
  }
}

export async function pointWebhooks(client: TwilioClient, config: SmsConfig, inboundUrl: string): Promise<string> {
  assertReachable(inboundUrl);
  try {
    if (config.messagingServiceSid) {
      await client.messaging.v1.services(config.messagingServiceSid).update({ inboundRequestUrl: inboundUrl, inboundMethod: 'POST', useInboundWebhookOnNumber: false });
      return `Messaging Service ${config.messagingServiceSid} now sends incoming messages to ${inboundUrl}`;
    }
    const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: config.from!, limit: 1 });
    if (!number) throw new ChannelError('CONFIG', `${config.from} is not a number of this Twilio account`);
    await client.incomingPhoneNumbers(number.sid).update({ smsUrl: inboundUrl, smsMethod: 'POST' });
    return `${config.from} now sends incoming messages to ${inboundUrl}`;
  } catch (error) {
    throw error instanceof ChannelError ? error : mapTwilioError(error);
  }
}

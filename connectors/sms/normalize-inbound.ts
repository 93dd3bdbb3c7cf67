// Turns a Twilio inbound-message webhook's form params into an InboundMessage, copying MMS media.
import type { InboundAttachment, InboundMessage } from '../channel.ts';
import { fetchAgainIfPassing, fetchAttachment } from '../fetch-attachment.ts';

export interface MediaAccess {
  accountSid: string;
  authToken: string;
  maxBytes: number;
  signal?: AbortSignal;
}

export async function normalizeInbound(params: Record<string, string>, media: MediaAccess, now: Date): Promise<InboundMessage> {
  const sid = params.MessageSid ?? params.SmsSid;
  if (!sid) throw new Error('inbound webhook without MessageSid');
  const text = params.Body ?? '';
  const attachments = await downloadMedia(params, media);
  return {
    idempotencyKey: sid,
    externalId: sid,
    from: { identities: [{ kind: 'phone', value: params.From ?? '' }] },
    text,
    // Twilio's inbound webhook carries no timestamp: the receipt time is the best we have.
    sentAt: now,
    attachments: attachments.length ? attachments : undefined,
    metadata: compact({
      to: params.To,
      messagingServiceSid: params.MessagingServiceSid,
      numSegments: params.NumSegments,
      fromCountry: params.FromCountry,
      fromCity: params.FromCity,
    }),
  };
}

async function downloadMedia(params: Record<string, string>, media: MediaAccess): Promise<InboundAttachment[]> {
  const count = Number(params.NumMedia ?? 0);
  const jobs: Array<Promise<InboundAttachment>> = [];
  for (let i = 0; i < count; i++) {
    const url = params[`MediaUrl${i}`];
    if (!url) continue;
    const contentType = params[`MediaContentType${i}`] ?? 'application/octet-stream';
    // The media SID (last path segment) is stable and unique: a good file name.
    const name = new URL(url).pathname.split('/').pop() || `media-${i}`;
    const facts = { filename: `${name}${extensionOf(contentType)}`, contentType };
    // Twilio keeps the file at its URL: one that fails for a reason that may pass is fetched again later.
    jobs.push(fetchAgainIfPassing(downloadTwilioMedia(url, facts, media), facts, () => url));
  }
  return Promise.all(jobs);
}

/**
 * One MMS file from Twilio's media URL, with the account's basic auth. Refused when it can never be had (gone, too
 * large); a failure that may pass (no answer, 5xx, 429) throws a TEMPORARY ChannelError.
 */
export function downloadTwilioMedia(url: string, facts: { filename: string; contentType: string }, media: MediaAccess): Promise<InboundAttachment> {
  const authorization = `Basic ${Buffer.from(`${media.accountSid}:${media.authToken}`).toString('base64')}`;
  return fetchAttachment({ url, ...facts, maxBytes: media.maxBytes, headers: { authorization }, signal: media.signal, temporaryFailures: 'throw' });
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'audio/mpeg': '.mp3',
  'audio/ogg': '.ogg',
  'application/pdf': '.pdf',
  'text/vcard': '.vcf',
  'text/x-vcard': '.vcf',
};

function extensionOf(contentType: string): string {
  return EXTENSIONS[contentType.toLowerCase()] ?? '';
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
}

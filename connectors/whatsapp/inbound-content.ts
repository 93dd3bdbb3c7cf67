// Reads the parts of a WhatsApp message body we keep: text, caption, quote, media descriptor.
import { getContentType, normalizeMessageContent, toNumber, type proto } from '@whiskeysockets/baileys';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface MediaInfo {
  kind: MediaKind;
  mimetype: string;
  fileName?: string;
  /** Voice note (push-to-talk audio). */
  voice?: boolean;
  /** Size WhatsApp announces before download. */
  fileLength?: number;
}

/** Unwraps ephemeral, view-once, document-with-caption and edit envelopes. */
export const unwrap = (message: proto.IMessage | null | undefined) => normalizeMessageContent(message);

export function textOf(content: proto.IMessage | undefined): string {
  if (!content) return '';
  // `||`, not `??`: an empty string in one field must not hide the text in the next.
  return (
    content.conversation || content.extendedTextMessage?.text || content.imageMessage?.caption || content.videoMessage?.caption || content.documentMessage?.caption || describeNonText(content) || ''
  );
}

/** Locations, contact cards and polls have no text; a readable line keeps them from vanishing from the inbox. */
function describeNonText(content: proto.IMessage): string | undefined {
  const location = content.locationMessage ?? content.liveLocationMessage;
  if (location) {
    const place = [content.locationMessage?.name, content.locationMessage?.address].filter(Boolean).join(', ');
    const at = `${location.degreesLatitude},${location.degreesLongitude}`;
    return `📍 ${place ? `${place} ` : ''}https://maps.google.com/?q=${at}`;
  }
  const contacts = content.contactMessage ? [content.contactMessage] : (content.contactsArrayMessage?.contacts ?? []);
  if (contacts.length > 0) {
    return contacts.map((c) => `👤 ${c.displayName ?? ''}${phonesOf(c.vcard)}`).join('\n');
  }
  const poll = content.pollCreationMessage ?? content.pollCreationMessageV2 ?? content.pollCreationMessageV3;
  if (poll) return `📊 ${poll.name ?? ''}\n${(poll.options ?? []).map((o) => `- ${o.optionName ?? ''}`).join('\n')}`;
  return undefined;
}

function phonesOf(vcard: string | null | undefined): string {
  const phones = [...(vcard ?? '').matchAll(/^TEL[^:]*:(.+)$/gm)].map((m) => m[1].trim());
  return phones.length ? ` (${phones.join(', ')})` : '';
}

/** The provider id of the message this one quotes, from whichever inner message carries contextInfo. */
export function quotedIdOf(content: proto.IMessage | undefined): string | undefined {
  const type = content && getContentType(content);
  if (!type) return undefined;
  const inner = content[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined;
  return (typeof inner === 'object' && inner?.contextInfo?.stanzaId) || undefined;
}

const DEFAULT_MIME: Record<MediaKind, string> = {
  image: 'image/jpeg',
  video: 'video/mp4',
  audio: 'audio/ogg',
  document: 'application/octet-stream',
  sticker: 'image/webp',
};

export function mediaOf(content: proto.IMessage | undefined): MediaInfo | undefined {
  if (!content) return undefined;
  type Media = { mimetype?: string | null; fileLength?: Parameters<typeof toNumber>[0] };
  const pick = (kind: MediaKind, m: Media | null | undefined, extra: Partial<MediaInfo> = {}): MediaInfo | undefined =>
    m ? { kind, mimetype: m.mimetype || DEFAULT_MIME[kind], fileLength: m.fileLength ? toNumber(m.fileLength) : undefined, ...extra } : undefined;
  return (
    pick('image', content.imageMessage) ??
    pick('video', content.videoMessage) ??
    pick('audio', content.audioMessage, { voice: !!content.audioMessage?.ptt }) ??
    pick('document', content.documentMessage, { fileName: content.documentMessage?.fileName ?? undefined }) ??
    pick('sticker', content.stickerMessage)
  );
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
};

export function mediaFileName(media: MediaInfo, messageId: string): string {
  if (media.fileName) return media.fileName;
  const base = media.mimetype.split(';')[0].trim();
  const ext = EXTENSIONS[base] ?? base.split('/')[1] ?? 'bin';
  return `${media.voice ? 'voice' : media.kind}-${messageId}.${ext}`;
}

/** A WhatsApp timestamp (seconds; a Long in decoded protobufs) as a Date, or now when absent. */
export function whatsappDate(seconds: Parameters<typeof toNumber>[0], now: () => Date): Date {
  const value = toNumber(seconds);
  return value > 0 ? new Date(value * 1000) : now();
}

// Turns an OutboundMessage into the WhatsApp messages that carry it: text alone, or one per attachment.
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { OutboundAttachment, OutboundMessage } from '../channel.ts';
import { assertFileSize } from '../size-limit.ts';
import { whatsappMessageId } from './message-id.ts';

/** WhatsApp's limits: photos, videos and voice notes up to 16 MB, documents up to 100 MB. */
export const WHATSAPP_MEDIA_LIMIT = 16 * 1024 * 1024;
export const WHATSAPP_DOCUMENT_LIMIT = 100 * 1024 * 1024;

export interface OutboundPart {
  /** Fixed per part, so a retry re-sends the same WhatsApp ids. */
  messageId: string;
  content: AnyMessageContent;
}

type Kind = 'image' | 'video' | 'audio' | 'document';

function kindOf(file: OutboundAttachment): Kind {
  // Over the media limit, the file still reaches the customer as a document, name and all.
  if (file.content.byteLength > WHATSAPP_MEDIA_LIMIT) return 'document';
  if (/^image\/(jpeg|png|webp)$/.test(file.contentType)) return 'image';
  if (/^video\/(mp4|3gpp)$/.test(file.contentType)) return 'video';
  if (/^audio\/(aac|mp4|mpeg|amr|ogg)/.test(file.contentType)) return 'audio';
  return 'document';
}

function attachmentContent(file: OutboundAttachment, kind: Kind, caption: string | undefined): AnyMessageContent {
  const bytes = Buffer.from(file.content);
  const withCaption = caption ? { caption } : {};
  if (kind === 'image') return { image: bytes, mimetype: file.contentType, ...withCaption };
  if (kind === 'video') return { video: bytes, mimetype: file.contentType, ...withCaption };
  if (kind === 'audio') return { audio: bytes, mimetype: file.contentType };
  return { document: bytes, mimetype: file.contentType, fileName: file.filename, ...withCaption };
}

/** Throws a final INVALID error, before anything is sent, when a file is too large for WhatsApp at all. */
export function outboundParts(message: OutboundMessage): OutboundPart[] {
  const files = message.attachments ?? [];
  if (files.length === 0) return [{ messageId: whatsappMessageId(message.id), content: { text: message.text } }];
  for (const file of files) assertFileSize(file, WHATSAPP_DOCUMENT_LIMIT, 'WhatsApp documents');
  const kinds = files.map(kindOf);
  // The text rides as the first attachment's caption: one bubble, as customers expect. Voice notes take no
  // caption, so then the text goes first on its own.
  const captioned = kinds[0] !== 'audio';
  const contents: AnyMessageContent[] = [];
  if (message.text && !captioned) contents.push({ text: message.text });
  files.forEach((file, index) => contents.push(attachmentContent(file, kinds[index]!, index === 0 && captioned ? message.text || undefined : undefined)));
  return contents.map((content, index) => ({ messageId: whatsappMessageId(message.id, index), content }));
}

// Turns an OutboundMessage into the WhatsApp messages that carry it: text alone, or one per attachment.
import type { AnyMessageContent } from '@whiskeysockets/baileys';
import type { OutboundAttachment, OutboundMessage } from '../channel.ts';
import { whatsappMessageId } from './message-id.ts';

export interface OutboundPart {
  /** Fixed per part, so a retry re-sends the same WhatsApp ids. */
  messageId: string;
  content: AnyMessageContent;
}

function attachmentContent(file: OutboundAttachment, caption: string | undefined): AnyMessageContent {
  const bytes = Buffer.from(file.content);
  const withCaption = caption ? { caption } : {};
  // Images show inline; anything else goes as a document so the customer gets the original file and name.
  if (file.contentType.startsWith('image/') && file.contentType !== 'image/svg+xml') {
    return { image: bytes, mimetype: file.contentType, ...withCaption };
  }
  return { document: bytes, mimetype: file.contentType, fileName: file.filename, ...withCaption };
}

export function outboundParts(message: OutboundMessage): OutboundPart[] {
  const files = message.attachments ?? [];
  if (files.length === 0) return [{ messageId: whatsappMessageId(message.id), content: { text: message.text } }];
  // The text rides as the first attachment's caption: one bubble, as customers expect.
  return files.map((file, index) => ({
    messageId: whatsappMessageId(message.id, index),
    content: attachmentContent(file, index === 0 ? message.text || undefined : undefined),
  }));
}

// Turns one Baileys message from `messages.upsert` into an InboundMessage, or undefined when we do not keep it.
import { isJidBroadcast, isJidGroup, isJidNewsletter, isJidStatusBroadcast, jidNormalizedUser, proto, type WAMessage, type WAMessageKey } from '@whiskeysockets/baileys';
import type { InboundAttachment, InboundMessage } from '../channel.ts';
import { mediaFileName, mediaOf, quotedIdOf, textOf, unwrap, whatsappDate } from './inbound-content.ts';
import { senderAddresses, senderIdentities } from './jids.ts';
import { downloadMedia, mediaSource } from './media-source.ts';
import { fetchAgainIfPassing } from '../fetch-attachment.ts';

export interface NormalizeOptions {
  /** From a history sync (`messaging-history.set`): stored without unread or automation. */
  history: boolean;
  allowGroups: boolean;
  /** Downloads a media message's bytes. */
  download(message: WAMessage): Promise<Uint8Array>;
  now(): Date;
}

/** Media past this is recorded but not downloaded: it would sit whole in memory and in the database. */
export const MAX_MEDIA_BYTES = 32 * 1024 * 1024;

/** The key the ingest service dedupes on; also how edits and reactions point at their target. */
export const idempotencyKey = (chatJid: string, id: string) => `wa:${chatJid}:${id}`;

/**
 * Message `id`'s keys in a chat: under its phone-number address when the key names it, with the LID as an alias when it
 * names both. Keys once took whichever address the message came under, so a copy under the other (a history sync
 * after a live message) was stored twice, and an edit missed its target.
 */
function keysIn(chat: string, key: WAMessageKey, id: string): { of: string; aliases?: string[] } {
  if (isJidGroup(chat)) return { of: idempotencyKey(chat, id) };
  const { pn, lid } = senderAddresses(key);
  return { of: idempotencyKey(pn ?? chat, id), ...(pn && lid ? { aliases: [idempotencyKey(lid, id)] } : {}) };
}

const EDIT = proto.Message.ProtocolMessage.Type.MESSAGE_EDIT;

export async function normalizeInbound(message: WAMessage, options: NormalizeOptions): Promise<InboundMessage | undefined> {
  const { key } = message;
  const rawChat = key.remoteJid;
  if (!rawChat || !key.id || key.fromMe || !message.message) return undefined;
  if (isJidStatusBroadcast(rawChat) || isJidBroadcast(rawChat) || isJidNewsletter(rawChat)) return undefined;
  if (isJidGroup(rawChat) && !options.allowGroups) return undefined;

  const chat = jidNormalizedUser(rawChat);
  const identities = senderIdentities(key);
  if (identities.length === 0) return undefined;

  const content = unwrap(message.message);
  const protocol = content?.protocolMessage;
  // Protocol messages (revokes, key shares, history notices) are plumbing; an edit is the only one an agent sees.
  if (protocol && (protocol.type !== EDIT || !protocol.key?.id)) return undefined;
  const body = protocol ? unwrap(protocol.editedMessage) : content;
  const reaction = content?.reactionMessage;

  const own = keysIn(chat, key, key.id);
  const inbound: InboundMessage = {
    idempotencyKey: own.of,
    ...(own.aliases ? { idempotencyAliases: own.aliases } : {}),
    externalId: key.id,
    from: { identities, ...(message.pushName ? { name: message.pushName } : {}) },
    text: reaction ? (reaction.text ?? '') : textOf(body),
    sentAt: whatsappDate(message.messageTimestamp, options.now),
    metadata: { chatJid: chat, ...(isJidGroup(chat) ? { group: true } : {}) },
  };
  if (options.history) inbound.history = true;
  if (protocol) inbound.edit = keysIn(chat, key, protocol.key!.id!);
  if (reaction?.key?.id) {
    const target = keysIn(chat, key, reaction.key.id);
    inbound.reaction = { to: target.of, ...(target.aliases ? { aliases: target.aliases } : {}), emoji: reaction.text ?? '' };
  }

  const quoted = quotedIdOf(body);
  if (quoted) inbound.threading = { quotedExternalId: quoted };

  const attachment = protocol ? undefined : await downloadAttachment(message, body, options);
  if (attachment) inbound.attachments = [attachment];
  if (!inbound.text && !attachment && !inbound.reaction) return undefined; // calls, polls, unsupported types
  return inbound;
}

async function downloadAttachment(message: WAMessage, body: proto.IMessage | undefined, options: NormalizeOptions): Promise<InboundAttachment | undefined> {
  const media = mediaOf(body);
  if (!media) return undefined;
  const described = { filename: mediaFileName(media, message.key.id!), contentType: media.mimetype };
  if (media.fileLength && media.fileLength > MAX_MEDIA_BYTES) {
    return { ...described, size: media.fileLength, refused: { reason: `over the ${MAX_MEDIA_BYTES / 1024 / 1024} MB size limit` } };
  }
  // WhatsApp sends a message once: a failure that may pass keeps the message and fetches the file again later.
  return fetchAgainIfPassing(downloadMedia(message, described, options.download), described, () => mediaSource(message));
}

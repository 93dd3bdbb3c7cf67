// Turns a Bot API message (or edited message) into our InboundMessage; media is fetched through an injected function.
import { createHash } from 'node:crypto';
import type { InboundAttachment, InboundMessage } from '../channel.ts';

/** The fields of a Bot API Message we read (telegraf's own union types are unwieldy here). */
export interface TgMessage {
  message_id: number;
  date: number;
  edit_date?: number;
  chat: { id: number; type: string; title?: string };
  from?: { id: number; is_bot?: boolean; first_name?: string; last_name?: string; username?: string; language_code?: string };
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number };
  photo?: Array<{ file_id: string; file_unique_id: string; width: number; height: number; file_size?: number }>;
  document?: TgFile & { file_name?: string };
  voice?: TgFile;
  audio?: TgFile & { file_name?: string };
  video?: TgFile & { file_name?: string };
  sticker?: TgFile & { is_animated?: boolean; is_video?: boolean };
}

interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  mime_type?: string;
}

/** What to download: the Bot API file id plus how to name and type the attachment. */
export interface MediaRef {
  fileId: string;
  filename: string;
  contentType: string;
  size?: number;
}

export type FetchMedia = (ref: MediaRef) => Promise<InboundAttachment>;

export function messageKey(message: Pick<TgMessage, 'chat' | 'message_id'>): string {
  return `tg:${message.chat.id}:${message.message_id}`;
}

export async function normalizeMessage(message: TgMessage, options: { edited: boolean; fetchMedia: FetchMedia }): Promise<InboundMessage> {
  const from = message.from;
  const text = message.text ?? message.caption ?? '';
  const name = [from?.first_name, from?.last_name].filter(Boolean).join(' ') || undefined;
  const key = messageKey(message);
  const media = mediaOf(message);
  const attachments = media.length ? await Promise.all(media.map(options.fetchMedia)) : undefined;
  const consent = options.edited ? undefined : consentOf(text);
  return {
    idempotencyKey: options.edited ? editKey(key, message) : key,
    externalId: String(message.message_id),
    from: {
      // A channel post has no sender: the chat itself is who speaks.
      identities: [
        {
          kind: 'telegram',
          value: String(from?.id ?? message.chat.id),
          attributes: compact({ username: from?.username, firstName: from?.first_name, lastName: from?.last_name }),
        },
      ],
      name: name ?? message.chat.title,
      language: from?.language_code,
    },
    text,
    sentAt: new Date((options.edited ? (message.edit_date ?? message.date) : message.date) * 1000),
    threading: message.reply_to_message ? { quotedExternalId: String(message.reply_to_message.message_id) } : undefined,
    attachments,
    consent,
    edit: options.edited ? { of: key } : undefined,
    metadata: { chatId: message.chat.id, chatType: message.chat.type },
  };
}

/** `/start` and `/stop` (optionally addressed `/start@our_bot`, with a deep-link payload) carry consent. */
export function consentOf(text: string): 'opted_in' | 'opted_out' | undefined {
  const command = text
    .trim()
    .match(/^\/(\w+)(?:@\w+)?(?:\s|$)/)?.[1]
    ?.toLowerCase();
  if (command === 'start') return 'opted_in';
  if (command === 'stop') return 'opted_out';
  return undefined;
}

function mediaOf(message: TgMessage): MediaRef[] {
  const refs: MediaRef[] = [];
  if (message.photo?.length) {
    // Telegram sends every resolution of a photo; keep only the largest.
    const largest = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    refs.push({ fileId: largest.file_id, filename: `photo-${largest.file_unique_id}.jpg`, contentType: 'image/jpeg', size: largest.file_size });
  }
  const { document, voice, audio, video, sticker } = message;
  if (document) refs.push(ref(document, document.file_name ?? `document-${document.file_unique_id}`, 'application/octet-stream'));
  if (voice) refs.push(ref(voice, `voice-${voice.file_unique_id}.ogg`, 'audio/ogg'));
  if (audio) refs.push(ref(audio, audio.file_name ?? `audio-${audio.file_unique_id}.mp3`, 'audio/mpeg'));
  if (video) refs.push(ref(video, video.file_name ?? `video-${video.file_unique_id}.mp4`, 'video/mp4'));
  if (sticker) {
    const [ext, type] = sticker.is_animated ? ['tgs', 'application/x-tgsticker'] : sticker.is_video ? ['webm', 'video/webm'] : ['webp', 'image/webp'];
    refs.push(ref(sticker, `sticker-${sticker.file_unique_id}.${ext}`, type));
  }
  return refs;
}

function ref(file: TgFile, filename: string, fallbackType: string): MediaRef {
  return { fileId: file.file_id, filename, contentType: file.mime_type ?? fallbackType, size: file.file_size };
}

function compact(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

/**
 * An edit's own key: its time, which Telegram gives in whole seconds, and a digest of the edited message, so two edits
 * within one second are two edits (the second was taken for a repeat of the first, and the final text was lost),
 * while the same edit delivered again keeps its key.
 */
function editKey(key: string, message: TgMessage): string {
  const digest = createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 12);
  return `${key}:edit:${message.edit_date ?? message.date}:${digest}`;
}

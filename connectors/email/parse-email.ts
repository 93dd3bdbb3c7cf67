// Turns one raw RFC 822 message into an InboundMessage; no I/O, never throws on bad MIME.
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail, type AddressObject } from 'mailparser';
import type { InboundAttachment, InboundMessage } from '../channel.ts';
import { isAutoReply, isDeliveryReport, readBounce } from './email-signals.ts';
import { findConversationToken } from './plus-token.ts';
import { trimQuotedReply } from './trim-quoted-reply.ts';
import { parseHeadersOnly } from './parse-headers-only.ts';
import { repairMime } from './repair-mime.ts';
import { normalizeEmail } from '../../server/lib/normalize-identity.ts';

export interface ParseEmailOptions {
  /** The channel's own address; its plus-address variants carry conversation tokens. */
  fromAddress: string;
  maxAttachmentBytes: number;
  /** Date used when the message has no usable Date header. */
  now: () => Date;
  /** Set when only the head of an oversized message was fetched: its full size. */
  truncatedFrom?: number;
}

const PREVIEW_CHARS = 200;
/**
 * The sender of mail whose From gives no address the ingest accepts (none, `MAILER-DAEMON`, `root@localhost`):
 * a valid address, so the mail is stored, under the `.invalid` top-level domain (RFC 2606), which never receives mail.
 */
export const UNKNOWN_SENDER = 'unknown@unknown.invalid';

/** UTF-8 when the bytes are valid UTF-8; otherwise latin1, which keeps every byte for export. */
export function sourceToString(source: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(source);
  } catch {
    return Buffer.from(source).toString('latin1');
  }
}

const entriesOf = (value: AddressObject | AddressObject[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []).flatMap((object) => object.value);

/** The first address the ingest will accept, judged by the ingest's own normalizer so the two cannot disagree. */
function firstUsable(value: AddressObject | AddressObject[] | undefined) {
  for (const entry of entriesOf(value)) {
    const address = normalizeEmail(entry.address ?? '');
    if (address) return { address, name: entry.name };
  }
  return undefined;
}

/** What an unusable From said (`Cron Daemon <root@localhost>`, `MAILER-DAEMON`), so the agent still sees who wrote. */
function asWritten(value: AddressObject | AddressObject[] | undefined) {
  const entry = entriesOf(value)[0];
  const text = [entry?.name, entry?.address && `<${entry.address}>`].filter(Boolean).join(' ');
  return text ? { text: noNul(text), address: entry?.address || undefined } : undefined;
}

function messageIds(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(' ') : (value ?? '');
  const bracketed = joined.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed;
  // Some mailers write ids without angle brackets; bracket them so they match what others store.
  return joined
    .split(/[\s,]+/)
    .filter((id) => id.includes('@'))
    .map((id) => `<${id}>`);
}

function toAttachments(parsed: ParsedMail, maxBytes: number, truncatedFrom?: number): InboundAttachment[] {
  return parsed.attachments
    .filter((a) => !/^message\/(global-)?delivery-status$/i.test(a.contentType))
    .map((a) => {
      const inline = a.related === true || a.contentDisposition === 'inline';
      const base: InboundAttachment = {
        filename: a.filename ?? (a.cid ? `${a.cid}` : 'attachment'),
        contentType: a.contentType,
        size: a.size ?? a.content.length,
        ...(a.cid ? { contentId: a.cid } : {}),
        inline,
      };
      // In a cut-off message every part may be incomplete, so none is kept.
      if (truncatedFrom !== undefined) return { ...base, refused: { reason: `the ${truncatedFrom}-byte message was too large to fetch whole` } };
      if (base.size > maxBytes) return { ...base, refused: { reason: `larger than the ${maxBytes}-byte attachment limit` } };
      // A Buffer is a Uint8Array already; copying a 25 MB file would only double the memory.
      return { ...base, content: a.content };
    });
}

/** mailparser swaps an unreadable Date for the wall clock; read the header line ourselves so the injected clock wins. */
function sentDate(parsed: ParsedMail, now: () => Date): Date {
  const line = parsed.headerLines?.find((h) => h.key === 'date')?.line;
  const date = line ? new Date(line.slice(line.indexOf(':') + 1).trim()) : parsed.date;
  return date && !Number.isNaN(date.getTime()) ? date : now();
}

/** Postgres text and jsonb refuse U+0000, and one such mail would stall the mailbox on a commit that always fails. */
const noNul = (value: string) => value.replace(/\u0000/g, '');

export function fromParsed(parsed: ParsedMail, raw: string, options: ParseEmailOptions): InboundMessage {
  const senderHeader = parsed.headers.get('sender') as AddressObject | undefined;
  const sender = firstUsable(parsed.from) ?? firstUsable(senderHeader);
  const written = sender ? undefined : asWritten(parsed.from ?? senderHeader);
  const address = sender?.address ?? UNKNOWN_SENDER;
  const messageId = messageIds(parsed.messageId)[0];
  // Line endings normalized and the MIME trailing newline dropped; the body itself stays whole.
  const text = noNul(parsed.text ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/\s+$/, '');
  const trimmedText = trimQuotedReply(text);
  const bounce = readBounce(parsed, written?.address ?? address);
  const inReplyTo = messageIds(parsed.inReplyTo)[0];
  const references = messageIds(parsed.references);
  const conversationToken = findConversationToken(parsed, options.fromAddress);
  const attachments = toAttachments(parsed, options.maxAttachmentBytes, options.truncatedFrom);
  return {
    idempotencyKey: messageId ?? rawHashKey(raw),
    ...(messageId ? { externalId: messageId } : {}),
    from: { identities: [{ kind: 'email', value: address }], ...(sender?.name ? { name: noNul(sender.name) } : {}) },
    text,
    ...(typeof parsed.html === 'string' ? { html: noNul(parsed.html) } : {}),
    ...(parsed.subject !== undefined ? { subject: noNul(parsed.subject) } : {}),
    sentAt: sentDate(parsed, options.now),
    threading: {
      ...(messageId ? { messageId } : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references.length ? { references } : {}),
      ...(conversationToken ? { conversationToken } : {}),
    },
    ...(attachments.length ? { attachments } : {}),
    // A delay warning is no bounce, but it is machine mail all the same.
    ...(isAutoReply(parsed.headers) || isDeliveryReport(parsed.headers) || bounce ? { autoReply: true } : {}),
    ...(bounce ? { bounce } : {}),
    // The export copy marks a NUL with U+FFFD rather than dropping it, so byte positions stay recognisable.
    raw: raw.replace(/\u0000/g, '\uFFFD'),
    metadata: {
      preview: trimmedText.slice(0, PREVIEW_CHARS),
      trimmedText,
      ...(options.truncatedFrom !== undefined ? { truncated: { size: options.truncatedFrom } } : {}),
      // The placeholder sender is shared by all such mail, so the name goes with the message, not onto its contact.
      ...(written ? { fromAsWritten: written.text } : {}),
    },
  };
}

export function rawHashKey(raw: string): string {
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

export async function parseEmail(source: Uint8Array | string, options: ParseEmailOptions): Promise<InboundMessage> {
  // A view, not a copy: the source may be tens of megabytes.
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  const raw = typeof source === 'string' ? source : sourceToString(source);
  try {
    const parsed = await simpleParser(repairMime(bytes), { keepCidLinks: true, keepDeliveryStatus: true });
    return fromParsed(parsed, raw, options);
  } catch (error) {
    // mailparser gave up: keep what the headers tell and the body as plain text, so the mailbox loop goes on.
    const fallback = parseHeadersOnly(raw);
    const message = fromParsed(fallback, raw, options);
    return { ...message, metadata: { ...message.metadata, parseError: String((error as Error)?.message ?? error) } };
  }
}

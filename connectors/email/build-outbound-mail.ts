// Turns an OutboundMessage into nodemailer mail options: our Message-ID, reply headers, one "Re:" prefix, extra headers and footer.
import type Mail from 'nodemailer/lib/mailer';
import { ChannelError, type OutboundMessage } from '../channel.ts';

export interface SenderIdentity {
  fromAddress: string;
  fromName?: string;
}

const REPLY_PREFIX = /^\s*((re|ynt|aw|sv)(\[\d+\])?\s*:\s*)+/i;

export function replySubject(subject: string | undefined, isReply: boolean): string | undefined {
  if (subject === undefined) return undefined;
  if (!isReply) return subject;
  return `Re: ${subject.replace(REPLY_PREFIX, '')}`;
}

function bracketed(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}

export function outboundMessageId(message: OutboundMessage, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1);
  return bracketed(message.threading?.messageId ?? `${message.id}@${domain}`);
}

function plusAddress(address: string, token: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, at)}+${token}${address.slice(at)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export function buildOutboundMail(message: OutboundMessage, sender: SenderIdentity, date: Date): Mail.Options {
  if (message.to.kind !== 'email' || !message.to.value.includes('@')) {
    throw new ChannelError('INVALID_RECIPIENT', `not an email address: ${message.to.kind} ${message.to.value}`);
  }
  // `.invalid` never receives mail (RFC 2606); we give it to mail that came without a usable From (UNKNOWN_SENDER).
  if (/\.invalid$/i.test(message.to.value)) {
    throw new ChannelError('INVALID_RECIPIENT', `${message.to.value} is no real address: the customer's mail came without a usable From address, so there is nobody to reply to`);
  }
  const threading = message.threading ?? {};
  const inReplyTo = threading.inReplyTo ? bracketed(threading.inReplyTo) : undefined;
  // References carry the whole chain; the parent must be its last entry even if the caller left it out.
  const references = [...new Set([...(threading.references ?? []).map(bracketed), ...(inReplyTo ? [inReplyTo] : [])])];
  const from = { name: sender.fromName ?? '', address: sender.fromAddress };
  return {
    from,
    to: { name: message.to.name ?? '', address: message.to.value },
    ...(threading.conversationToken ? { replyTo: { name: from.name, address: plusAddress(sender.fromAddress, threading.conversationToken) } } : {}),
    subject: replySubject(message.subject, Boolean(inReplyTo || references.length)),
    messageId: outboundMessageId(message, sender.fromAddress),
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length ? { references } : {}),
    date,
    text: message.footer ? `${message.text}\n\n-- \n${message.footer.text}` : message.text,
    ...(message.html ? { html: message.footer ? `${message.html}\n${message.footer.html ?? escapeHtml(message.footer.text)}` : message.html } : {}),
    ...(message.headers && Object.keys(message.headers).length ? { headers: message.headers } : {}),
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.content) })),
  };
}

// Reads the machine-generated signals of a parsed mail: RFC 3834 auto-replies and delivery-status bounces.
import type { ParsedMail } from 'mailparser';

type Headers = ParsedMail['headers'];

function headerText(headers: Headers, name: string): string | undefined {
  const value = headers.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
}

export function isAutoReply(headers: Headers): boolean {
  const autoSubmitted = headerText(headers, 'auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return true;
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return true;
  const precedence = headerText(headers, 'precedence')?.trim().toLowerCase();
  return precedence === 'bulk' || precedence === 'auto_reply' || precedence === 'junk';
}

const DAEMON_SENDER = /^(mailer-daemon|postmaster)@/i;

export function isDeliveryReport(headers: Headers): boolean {
  const contentType = headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return contentType?.value?.toLowerCase() === 'multipart/report' && contentType.params?.['report-type']?.toLowerCase() === 'delivery-status';
}

/** The machine-readable DSN fields (RFC 3464); the human part's wording varies by server and language. */
function readDsn(source: string): { recipient?: string; reason?: string } {
  const text = source.replace(/\r\n?/g, '\n');
  const recipient = /^(?:Final|Original)-Recipient:\s*rfc822;\s*<?([^\s>;]+@[^\s>;]+)>?/im.exec(text)?.[1];
  // [ \t], not \s: an empty Diagnostic-Code must not take the next field as its text.
  const diagnostic = /^Diagnostic-Code:[ \t]*[\w-]+;[ \t]*(\S.*(?:\n[ \t].+)*)/im.exec(text)?.[1];
  const status = /^Status:\s*([245]\.\d{1,3}\.\d{1,3})/im.exec(text)?.[1];
  const reason = diagnostic?.replace(/\s+/g, ' ').trim() ?? (status ? `status ${status}` : undefined);
  return { recipient: recipient?.toLowerCase(), reason };
}

/** A bounce: a failed delivery-status report, or anything else a mailer daemon sent. Undefined for ordinary mail and delay warnings. */
export function readBounce(parsed: ParsedMail, sender: string | undefined): { recipient?: string; reason?: string } | undefined {
  if (!isDeliveryReport(parsed.headers) && !(sender && DAEMON_SENDER.test(sender))) return undefined;
  const dsnPart = parsed.attachments.find((a) => /^message\/(global-)?delivery-status$/i.test(a.contentType));
  const dsnText = dsnPart ? dsnPart.content.toString('utf8') : (parsed.text ?? '');
  // RFC 3464 §2.3.3: only "failed" means the mail will not arrive; a "delayed" warning is still being retried.
  const actions = [...dsnText.matchAll(/^Action:\s*([\w-]+)/gim)].map((match) => match[1].toLowerCase());
  if (actions.length && !actions.includes('failed')) return undefined;
  const dsn = readDsn(dsnText);
  if (!dsn.recipient) {
    // Non-DSN daemon mail: the first address in the body other than the daemon itself is the usual guess.
    const addresses = (parsed.text ?? '').match(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g) ?? [];
    dsn.recipient = addresses.find((a) => !DAEMON_SENDER.test(a))?.toLowerCase();
  }
  const originalMessageId = returnedMessageId(parsed);
  return { recipient: dsn.recipient, reason: dsn.reason ?? parsed.subject, ...(originalMessageId && { originalMessageId }) };
}

/** RFC 3462/3464: a report returns the original's headers (text/rfc822-headers) or the whole message (message/rfc822). */
function returnedMessageId(parsed: ParsedMail): string | undefined {
  const returned = parsed.attachments.find((a) => /^(text\/rfc822-headers|message\/(global-)?rfc822|message\/global-headers)$/i.test(a.contentType));
  const head = returned?.content.toString('utf8').split(/\r?\n\r?\n/)[0];
  return head ? /^Message-ID:\s*(<[^<>\s]+>)/im.exec(head)?.[1] : undefined;
}

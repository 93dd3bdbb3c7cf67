// Raw messages for email tests: composed by nodemailer, or written by hand where the bytes matter.
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';

export async function composeMail(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date('2026-11-02T10:00:00Z'), ...options }).compile().build();
}

/** A short text mail with a given Message-ID, the unit of the sync tests. */
export function simpleMail(messageId: string, text: string, extraHeaders = ''): string {
  return [
    'From: "Ayşe Yılmaz" <Ayse@Customer.example>',
    'To: support@shop.example',
    `Subject: Order ${messageId}`,
    `Message-ID: <${messageId}>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0000',
    ...(extraHeaders ? [extraHeaders] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
  ].join('\r\n');
}

// ISO-8859-9 and Windows-1254 are Latin-1 with six Turkish letters swapped in.
const TURKISH_BYTES: Record<string, number> = { Ğ: 0xd0, İ: 0xdd, Ş: 0xde, ğ: 0xf0, ı: 0xfd, ş: 0xfe };

export function encodeLatin5(text: string): Buffer {
  return Buffer.from([...text].map((ch) => TURKISH_BYTES[ch] ?? ch.charCodeAt(0)));
}

export const TURKISH_TEXT = 'Şikâyetim var, ığüşöç İĞÜŞÖÇ';

/** A Turkish mail with an 8-bit body in `charset` (iso-8859-9 or windows-1254) and a Q-encoded subject. */
export function turkish8bitMail(charset: string, messageId: string): Buffer {
  const head = [
    'From: =?iso-8859-9?Q?=DEule_=D6zt=FCrk?= <sule@customer.example>',
    'To: support@shop.example',
    `Subject: =?${charset}?Q?=DEikayet?=`,
    `Message-ID: <${messageId}>`,
    'Date: Mon, 02 Nov 2026 10:00:00 +0300',
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: 8bit',
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'ascii'), encodeLatin5(`${TURKISH_TEXT}\r\n`)]);
}

/** A multipart mail whose boundary never closes and whose base64 is corrupt. */
export function malformedMail(messageId: string): string {
  return [
    'From: broken@customer.example',
    'Subject: Broken',
    `Message-ID: <${messageId}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="never-closed"',
    '',
    '--never-closed',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    'SGVsbG8gd29y!!!bGQ=%%',
    '',
    '--never-closed',
    'Content-Type: application/pdf; name="x.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    '@@@not base64',
  ].join('\r\n');
}

/** An RFC 3464 delivery-status report; the Diagnostic-Code is folded over two lines as MTAs do. */
/** `returnedMessageId`: the report returns the original's headers with this Message-ID, as Postfix and Exim do. */
export function bounceReport(messageId: string, recipient: string, returnedMessageId?: string): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.shop.example>',
    'To: support@shop.example',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${messageId}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'I could not deliver your message.',
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.shop.example',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${recipient.toLowerCase()}>: Recipient address`,
    ' rejected: User unknown',
    '',
    ...(returnedMessageId
      ? ['--B', 'Content-Type: text/rfc822-headers', '', 'From: Shop <support@shop.example>', `To: ${recipient}`, `Message-ID: ${returnedMessageId}`, 'Subject: Spring sale', '']
      : []),
    '--B--',
    '',
  ].join('\r\n');
}

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

// Last-resort reading of a message mailparser could not parse: unfolded headers and the body as text.
import type { AddressObject, ParsedMail } from 'mailparser';
import addressparser from 'nodemailer/lib/addressparser';

function toAddressObject(value: string | undefined): AddressObject | undefined {
  if (!value) return undefined;
  const parsed = addressparser(value, { flatten: true }) as Array<{ name: string; address: string }>;
  return { value: parsed.map((a) => ({ name: a.name, address: a.address })), html: value, text: value };
}

export function parseHeadersOnly(raw: string): ParsedMail {
  const normalized = raw.replace(/\r\n?/g, '\n');
  const split = normalized.indexOf('\n\n');
  const head = split >= 0 ? normalized.slice(0, split) : normalized;
  const body = split >= 0 ? normalized.slice(split + 2) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const date = headers.get('date') ? new Date(headers.get('date')!) : undefined;
  return {
    headers: headers as unknown as ParsedMail['headers'],
    headerLines: [],
    attachments: [],
    html: false,
    text: body,
    subject: headers.get('subject'),
    from: toAddressObject(headers.get('from')),
    messageId: headers.get('message-id'),
    inReplyTo: headers.get('in-reply-to'),
    references: headers.get('references'),
    date,
  } as ParsedMail;
}

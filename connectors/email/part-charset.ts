// Decides the charset of a MIME part or header block that arrived 8-bit without a usable one.
import { isUtf8 } from 'node:buffer';
import { guessCharset } from './guess-charset.ts';
import type { MimeHead } from './mime-head.ts';

const HTML_META_CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i;

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  if (encoding !== 'quoted-printable') return body;
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(
    text.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/**
 * The charset a text part should be read in when it declares none, or declares us-ascii yet carries 8-bit bytes;
 * undefined to leave the part as it is. mailparser reads such parts as UTF-8 and writes replacement characters.
 */
export function partCharset(head: MimeHead, body: Buffer): string | undefined {
  const declared = head.charset;
  if (declared && !/^(us-?)?ascii$/.test(declared)) return undefined;
  const bytes = decodeBody(body, head.encoding);
  const guess = guessCharset(bytes);
  if (!guess || guess === 'utf-8') return guess && declared ? guess : undefined;
  // An html part may name its charset in a meta tag, which beats a guess.
  const meta = head.contentType === 'text/html' ? HTML_META_CHARSET.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1] : undefined;
  return meta && !/^utf-?8$/i.test(meta) ? meta : guess;
}

/**
 * A header block whose raw 8-bit field values are not UTF-8, with those values re-encoded as UTF-8 (RFC 6532), which is
 * how mailparser reads Subject, From and the rest. Content-* fields keep their bytes: mailparser reads a raw file name
 * as Latin-1 by itself and garbles it when it is UTF-8. undefined when the block needs nothing.
 */
export function utf8Head(head: Buffer): Buffer | undefined {
  if (isUtf8(head)) return undefined;
  // One field per match: its first line, its folded lines and the line break that ends it.
  const fields = (head.toString('latin1').match(/[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*(?:\r?\n|$)/g) ?? [])
    .filter((field) => field !== '')
    .map((field) => ({ bytes: Buffer.from(field, 'latin1'), content: /^content-/i.test(field) }));
  // mailparser decodes field by field, so a field already in UTF-8 beside a Latin-1 one is read right as it is.
  const mend = (field: { bytes: Buffer; content: boolean }) => !field.content && !isUtf8(field.bytes);
  const guess = guessCharset(Buffer.concat(fields.filter(mend).map((field) => field.bytes)));
  if (!guess || guess === 'utf-8') return undefined;
  const decoder = new TextDecoder(guess);
  return Buffer.concat(fields.map((field) => (mend(field) ? Buffer.from(decoder.decode(field.bytes), 'utf8') : field.bytes)));
}

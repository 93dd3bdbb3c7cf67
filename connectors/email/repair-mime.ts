// Mends real-world MIME that mailparser misreads, on the bytes it is given; the stored raw copy stays as received.
import { guessCharset } from './guess-charset.ts';
import { readMimeHead, withCharset, type MimeHead } from './mime-head.ts';

interface Edit { start: number; end: number; bytes: Buffer }
interface Leaf { headStart: number; headEnd: number; bodyStart: number; head: MimeHead; text: boolean; utf8Head?: string }
interface Multipart { boundary: string; digest: boolean }

const TEXT_TYPES = new Set(['text/plain', 'text/html']);
const HTML_META_CHARSET = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i;

function decodeBody(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'base64') return Buffer.from(body.toString('latin1'), 'base64');
  if (encoding !== 'quoted-printable') return body;
  const text = body.toString('latin1').replace(/=\r?\n/g, '');
  return Buffer.from(text.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
}

/** The charset an undeclared (or us-ascii but 8-bit) text part should be read in, or undefined to leave it. */
function charsetFor(leaf: Leaf, body: Buffer): string | undefined {
  const declared = leaf.head.charset;
  if (!leaf.text || leaf.head.attachment || (declared && !/^(us-?)?ascii$/.test(declared))) return undefined;
  const bytes = decodeBody(body, leaf.head.encoding);
  const guess = guessCharset(bytes);
  if (!guess || guess === 'utf-8') return guess && declared ? guess : undefined;
  // An html part may name its charset in a meta tag, which beats a guess.
  const meta = leaf.head.contentType === 'text/html' ? HTML_META_CHARSET.exec(bytes.subarray(0, 2048).toString('latin1'))?.[1] : undefined;
  return meta && !/^utf-?8$/i.test(meta) ? meta : guess;
}

/** A header block with raw 8-bit bytes that are not UTF-8, as UTF-8 text (RFC 6532), which is how mailparser reads headers. */
function utf8Head(head: Buffer): string | undefined {
  const guess = guessCharset(head);
  return guess && guess !== 'utf-8' ? new TextDecoder(guess).decode(head) : undefined;
}

/** The line break in front of a delimiter belongs to the delimiter, not to the body (RFC 2046 §5.1.1). */
function bodyEnd(source: Buffer, delimiterStart: number, bodyStart: number): number {
  let end = delimiterStart;
  if (end > bodyStart && source[end - 1] === 0x0a) end--;
  if (end > bodyStart && source[end - 1] === 0x0d) end--;
  return end;
}

/**
 * The bytes mailparser should parse:
 * 1. boundary delimiter lines of a declared boundary lose trailing spaces and tabs, which RFC 2046 §5.1.1 allows
 *    senders to add (Exchange does) but mailparser does not accept, so it loses every part;
 * 2. a text part with 8-bit content and no charset gets one guessed from its bytes, where mailparser would read
 *    it as UTF-8 and write replacement characters; a header block with raw 8-bit bytes is rewritten in UTF-8 likewise.
 * The source itself is returned when nothing needs mending, so the common case costs one scan and no copy.
 */
export function repairMime(source: Buffer): Buffer {
  const edits: Edit[] = [];
  const open: Multipart[] = [];
  let inHead = true;
  let headStart = 0;
  let leaf: Leaf | undefined;

  const closeLeaf = (end: number) => {
    const charset = leaf && charsetFor(leaf, source.subarray(leaf.bodyStart, end));
    if (leaf && (charset || leaf.utf8Head !== undefined)) {
      const head = leaf.utf8Head ?? source.subarray(leaf.headStart, leaf.headEnd).toString('latin1');
      const relabelled = charset ? withCharset(head, charset) : head;
      edits.push({ start: leaf.headStart, end: leaf.headEnd, bytes: Buffer.from(relabelled, leaf.utf8Head !== undefined ? 'utf8' : 'latin1') });
    }
    leaf = undefined;
  };

  for (let pos = 0; pos < source.length;) {
    const newline = source.indexOf(0x0a, pos);
    const next = newline === -1 ? source.length : newline + 1;
    let end = newline === -1 ? source.length : newline;
    if (end > pos && source[end - 1] === 0x0d) end--;

    if (inHead && end === pos) {
      const headBytes = source.subarray(headStart, pos);
      const head = readMimeHead(headBytes.toString('latin1'));
      const transcoded = utf8Head(headBytes);
      const parent = open.at(-1);
      const type = head.contentType ?? (parent?.digest ? 'message/rfc822' : 'text/plain');
      const multipart = type.startsWith('multipart/') && Boolean(head.boundary);
      // mailparser reads into an attached message only when it is inline and not encoded; otherwise its bytes are
      // the attachment, and mending them would change the file the agent downloads.
      const message = !multipart && type === 'message/rfc822' && head.inline && /^(7bit|8bit|binary|)$/.test(head.encoding ?? '');
      // A leaf's head may still get a charset, so its edit waits for the end of its body.
      if ((multipart || message) && transcoded !== undefined) edits.push({ start: headStart, end: pos, bytes: Buffer.from(transcoded, 'utf8') });
      if (multipart) {
        open.push({ boundary: head.boundary!, digest: type === 'multipart/digest' });
        inHead = false;
      } else if (message) {
        headStart = next; // an attached message's own header block starts right away
      } else {
        leaf = { headStart, headEnd: pos, bodyStart: next, head, text: TEXT_TYPES.has(type), ...(transcoded !== undefined ? { utf8Head: transcoded } : {}) };
        inHead = false;
      }
    } else if (!inHead && open.length && source[pos] === 0x2d && source[pos + 1] === 0x2d) {
      let trimmed = end;
      while (trimmed > pos && (source[trimmed - 1] === 0x20 || source[trimmed - 1] === 0x09)) trimmed--;
      const delimiter = source.subarray(pos + 2, trimmed).toString('latin1');
      const depth = open.findLastIndex((m) => delimiter === m.boundary || delimiter === `${m.boundary}--`);
      if (depth !== -1) {
        closeLeaf(bodyEnd(source, pos, leaf?.bodyStart ?? pos));
        if (trimmed < end) edits.push({ start: trimmed, end, bytes: Buffer.alloc(0) });
        const closing = delimiter !== open[depth].boundary;
        open.length = closing ? depth : depth + 1;
        inHead = !closing;
        headStart = next;
      }
    }
    pos = next;
  }
  closeLeaf(source.length);
  return edits.length ? applyEdits(source, edits) : source;
}

function applyEdits(source: Buffer, edits: Edit[]): Buffer {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    pieces.push(source.subarray(at, edit.start), edit.bytes);
    at = edit.end;
  }
  pieces.push(source.subarray(at));
  return Buffer.concat(pieces);
}

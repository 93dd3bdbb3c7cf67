// Mends real-world MIME that mailparser misreads, on the bytes it is given; the stored raw copy stays as received.
import { readMimeHead, withBoundary, withCharset, type MimeHead } from './mime-head.ts';
import { partCharset, utf8Head } from './part-charset.ts';

interface Edit {
  start: number;
  end: number;
  bytes: Buffer;
}
interface Head {
  start: number;
  end: number;
  fields: MimeHead;
  mended?: Buffer;
}
interface Leaf {
  head: Head;
  bodyStart: number;
  text: boolean;
}
interface Multipart {
  boundary: string;
  ascii?: string;
  digest: boolean;
}

const TEXT_TYPES = new Set(['text/plain', 'text/html']);
const HEADER_FIELD = /^[!-9;-~]+[ \t]*:/;

/** The line break in front of a delimiter belongs to the delimiter, not to the body (RFC 2046 §5.1.1). */
function bodyEnd(source: Buffer, delimiterStart: number, bodyStart: number): number {
  let end = delimiterStart;
  if (end > bodyStart && source[end - 1] === 0x0a) end--;
  if (end > bodyStart && source[end - 1] === 0x0d) end--;
  return end;
}

function lineAt(source: Buffer, pos: number) {
  const newline = source.indexOf(0x0a, pos);
  const next = newline === -1 ? source.length : newline + 1;
  let end = newline === -1 ? source.length : newline;
  if (end > pos && source[end - 1] === 0x0d) end--;
  return { end, next, text: () => source.subarray(pos, Math.min(end, pos + 998)).toString('latin1') };
}

/**
 * A header-block line that is no header field where no field follows before the blank line: the sender left out
 * the empty line before the body (RFC 5322 §2.1). A stray line among fields is left for mailparser to skip.
 */
function startsBody(source: Buffer, pos: number): boolean {
  const line = lineAt(source, pos).text();
  if (/^[ \t]/.test(line) || HEADER_FIELD.test(line) || (pos === 0 && line.startsWith('From '))) return false;
  for (let at = lineAt(source, pos).next; at < source.length; at = lineAt(source, at).next) {
    const next = lineAt(source, at).text();
    if (next === '') return true;
    if (HEADER_FIELD.test(next)) return false;
  }
  return true;
}

/** RFC 2046 boundaries are ASCII, and mailparser loses the parts under any other; the alias keeps it unique. */
const asciiAlias = (boundary: string) => boundary.replace(/[^\x00-\x7f]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The bytes mailparser should parse:
 * 1. boundary delimiter lines of a declared boundary lose trailing spaces and tabs, which RFC 2046 §5.1.1 allows
 *    senders to add (Exchange does) but mailparser does not accept, so it loses every part;
 * 2. a text part with 8-bit content and no charset gets one guessed from its bytes, where mailparser would read
 *    it as UTF-8 and write replacement characters; a header block with raw 8-bit bytes is rewritten in UTF-8 likewise;
 * 3. a boundary with non-ASCII bytes is renamed, and a body that follows the header fields without an empty line
 *    gets one.
 * Parts mailparser keeps as attachment bytes (a message attached as a file) are never changed. The source itself
 * is returned when nothing needs mending, so the common case costs one scan and no copy.
 */
export function repairMime(source: Buffer): Buffer {
  const edits: Edit[] = [];
  const open: Multipart[] = [];
  let inHead = true;
  let headStart = 0;
  let leaf: Leaf | undefined;

  const editHead = (head: Head, change?: (text: string) => string) => {
    if (!head.mended && !change) return;
    const bytes = head.mended ?? source.subarray(head.start, head.end);
    // Latin-1 maps bytes to characters one to one, so a change to the ASCII fields keeps every other byte.
    edits.push({ start: head.start, end: head.end, bytes: change ? Buffer.from(change(bytes.toString('latin1')), 'latin1') : bytes });
  };

  const closeLeaf = (end: number) => {
    const charset = leaf?.text ? partCharset(leaf.head.fields, source.subarray(leaf.bodyStart, end)) : undefined;
    if (leaf) editHead(leaf.head, charset ? (text) => withCharset(text, charset) : undefined);
    leaf = undefined;
  };

  const endHead = (end: number, bodyStart: number) => {
    const bytes = source.subarray(headStart, end);
    const head: Head = { start: headStart, end, fields: readMimeHead(bytes.toString('latin1')), mended: utf8Head(bytes) };
    const { contentType, boundary, inline, encoding, attachment } = head.fields;
    const type = contentType ?? (open.at(-1)?.digest ? 'message/rfc822' : 'text/plain');
    if (type.startsWith('multipart/') && boundary) {
      const ascii = /[^\x00-\x7f]/.test(boundary) ? asciiAlias(boundary) : undefined;
      open.push({ boundary, ...(ascii ? { ascii } : {}), digest: type === 'multipart/digest' });
      editHead(head, ascii ? (text) => withBoundary(text, ascii) : undefined);
      inHead = false;
    } else if (type === 'message/rfc822' && inline && /^(7bit|8bit|binary|)$/.test(encoding ?? '')) {
      // mailparser reads into an inline attached message only; otherwise its bytes are the attachment, left as they are.
      editHead(head);
      headStart = bodyStart;
    } else {
      leaf = { head, bodyStart, text: TEXT_TYPES.has(type) && !attachment };
      inHead = false;
    }
  };

  for (let pos = 0; pos < source.length;) {
    const { end, next } = lineAt(source, pos);
    let trimmed = end;
    while (trimmed > pos && (source[trimmed - 1] === 0x20 || source[trimmed - 1] === 0x09)) trimmed--;
    const isDashed = open.length > 0 && source[pos] === 0x2d && source[pos + 1] === 0x2d;
    const delimiter = isDashed ? source.subarray(pos + 2, trimmed).toString('latin1') : '';
    const depth = isDashed ? open.findLastIndex((m) => delimiter === m.boundary || delimiter === `${m.boundary}--`) : -1;
    if (depth !== -1) {
      if (inHead) endHead(pos, pos);
      closeLeaf(bodyEnd(source, pos, leaf?.bodyStart ?? pos));
      const { boundary, ascii } = open[depth];
      const closing = delimiter !== boundary;
      if (trimmed < end || ascii) edits.push({ start: pos, end, bytes: Buffer.from(`--${ascii ?? boundary}${closing ? '--' : ''}`, 'latin1') });
      open.length = closing ? depth : depth + 1;
      inHead = !closing;
      headStart = next;
    } else if (inHead && end === pos) {
      endHead(pos, next);
    } else if (inHead && startsBody(source, pos)) {
      edits.push({ start: pos, end: pos, bytes: Buffer.from(source[end] === 0x0d ? '\r\n' : '\n') });
      endHead(pos, pos);
      continue; // the same line again, now as the first body line
    }
    pos = next;
  }
  closeLeaf(source.length);
  return edits.length ? applyEdits(source, edits) : source;
}

function applyEdits(source: Buffer, edits: Edit[]): Buffer {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const edit of edits.sort((a, b) => a.start - b.start || a.end - b.end)) {
    pieces.push(source.subarray(at, edit.start), edit.bytes);
    at = edit.end;
  }
  pieces.push(source.subarray(at));
  return Buffer.concat(pieces);
}

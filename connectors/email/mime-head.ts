// Reads and relabels the few header fields the MIME repair needs, on one part's header block (latin1 text).

export interface MimeHead {
  /** Lower-cased type/subtype; undefined when the part has no Content-Type. */
  contentType?: string;
  boundary?: string;
  charset?: string;
  encoding?: string;
  attachment: boolean;
  inline: boolean;
}

/** One header field, folded lines included, or undefined. */
function field(head: string, name: string): RegExpExecArray | null {
  return new RegExp(`^${name}[ \\t]*:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'im').exec(head);
}

function param(value: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^\\s;"]+))`, 'i').exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}

export function readMimeHead(head: string): MimeHead {
  const type = field(head, 'content-type')?.[1].replace(/\r?\n/g, '') ?? '';
  const contentType = /^\s*([\w.+-]+\/[\w.+-]+)/.exec(type)?.[1].toLowerCase();
  const disposition = field(head, 'content-disposition')?.[1] ?? '';
  return {
    ...(contentType ? { contentType } : {}),
    ...(param(type, 'boundary') !== undefined ? { boundary: param(type, 'boundary') } : {}),
    ...(param(type, 'charset') !== undefined ? { charset: param(type, 'charset')!.toLowerCase() } : {}),
    ...(field(head, 'content-transfer-encoding') ? { encoding: field(head, 'content-transfer-encoding')![1].trim().toLowerCase() } : {}),
    attachment: /^\s*attachment/i.test(disposition),
    inline: /^\s*inline/i.test(disposition),
  };
}

/** The header block with the part's charset set to `charset`; a missing Content-Type becomes text/plain. */
export function withCharset(head: string, charset: string): string {
  const type = field(head, 'content-type');
  if (!type) return `${head}Content-Type: text/plain; charset=${charset}${head.includes('\r\n') || !head ? '\r\n' : '\n'}`;
  const value = type[1];
  const relabelled = /;\s*charset\s*=/i.test(value) ? value.replace(/(;\s*charset\s*=\s*)(?:"[^"]*"|[^\s;"]+)/i, `$1${charset}`) : `${value.replace(/[\s;]+$/, '')}; charset=${charset}`;
  const start = type.index + type[0].length - value.length;
  return head.slice(0, start) + relabelled + head.slice(start + value.length);
}

/** The header block with the multipart boundary renamed to `boundary`. */
export function withBoundary(head: string, boundary: string): string {
  return head.replace(/(;\s*boundary\s*=\s*)(?:"[^"]*"|[^\s;"]+)/i, `$1"${boundary}"`);
}

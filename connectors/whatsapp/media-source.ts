// A WhatsApp file whose download failed for a reason that may pass, said so it can be fetched again later: the
// message's key and content (media key, direct path, hashes) as JSON, read back into a message Baileys downloads.
import { BufferJSON, type WAMessage } from '@whiskeysockets/baileys';
import { ChannelError, type InboundAttachment } from '../channel.ts';
import { isTransientFailure } from '../is-transient-failure.ts';

export function mediaSource(message: WAMessage): string {
  return JSON.stringify({ key: message.key, message: message.message }, BufferJSON.replacer);
}

export function messageOfSource(source: string): WAMessage {
  return JSON.parse(source, BufferJSON.reviver) as WAMessage;
}

/**
 * True for a download failure that may pass: no answer from WhatsApp's media servers, a 5xx or 429 from them, or the
 * phone not answering a re-upload request in time (408). A file gone for good (404/410 after the re-upload was
 * refused, a broken media key) is not.
 */
function downloadMayPass(error: unknown): boolean {
  const status = (error as { output?: { statusCode?: unknown } } | null)?.output?.statusCode;
  if (typeof status === 'number') return status >= 500 || status === 429 || status === 408;
  return isTransientFailure(error);
}

/**
 * One try at a message's media: its bytes, or refused when WhatsApp no longer has it (kept as a record, so the agent
 * sees that media arrived); a failure that may pass throws a TEMPORARY ChannelError.
 */
export async function downloadMedia(message: WAMessage, facts: { filename: string; contentType: string }, download: (message: WAMessage) => Promise<Uint8Array>): Promise<InboundAttachment> {
  try {
    const content = await download(message);
    return { ...facts, size: content.byteLength, content };
  } catch (error) {
    const reason = `download failed: ${(error as Error).message}`;
    if (downloadMayPass(error)) throw new ChannelError('TEMPORARY', reason, { cause: error });
    return { ...facts, size: 0, refused: { reason } };
  }
}

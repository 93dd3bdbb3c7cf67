// Our outbound message id in WhatsApp's own format, derived from our id so every retry reuses it.
import { createHash } from 'node:crypto';

/**
 * '3EB0' + 18 uppercase hex chars, the shape Baileys' own generateMessageIDV2 produces, so the
 * id looks native to receiving clients (which drop a second message with an id they already have).
 * `part` distinguishes the several WhatsApp messages one outbound message can become (attachments).
 */
export function whatsappMessageId(ourId: string, part = 0): string {
  const seed = part === 0 ? ourId : `${ourId}#${part}`;
  return '3EB0' + createHash('sha256').update(seed).digest('hex').toUpperCase().slice(0, 18);
}

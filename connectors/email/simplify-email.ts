// The last try for a message the ingest kept refusing: headers and a cut plain-text body, nothing else.
import type { InboundMessage } from '../channel.ts';
import { fromParsed, sourceToString, type ParseEmailOptions } from './parse-email.ts';
import { parseHeadersOnly } from './parse-headers-only.ts';
import { CONTROL_CHARACTERS } from '../refusal-ladder.ts';

/** Enough to read what the customer wrote; the whole message stays on the IMAP server. */
export const SIMPLIFIED_TEXT_CHARS = 20_000;

/**
 * Reads `source` with the headers-only parser and drops everything that could have made the ingest fail:
 * HTML, attachments and the raw copy. The same idempotency key as the normal path, so it can never double.
 * `metadata.ingestFallback` tells the agent the message was simplified and `ingestError` why.
 */
export function simplifyEmail(source: Uint8Array, options: ParseEmailOptions, error: string): InboundMessage {
  const raw = sourceToString(source);
  const full = fromParsed(parseHeadersOnly(raw), raw, options);
  const text = full.text.replace(CONTROL_CHARACTERS, '').slice(0, SIMPLIFIED_TEXT_CHARS);
  const clean = (value: string | undefined) => value?.replace(CONTROL_CHARACTERS, '');
  return {
    idempotencyKey: full.idempotencyKey,
    ...(full.externalId ? { externalId: full.externalId } : {}),
    from: { ...full.from, ...(full.from.name ? { name: clean(full.from.name) } : {}) },
    text,
    ...(full.subject !== undefined ? { subject: clean(full.subject) } : {}),
    sentAt: full.sentAt,
    threading: full.threading,
    ...(full.autoReply ? { autoReply: true } : {}),
    metadata: {
      preview: text.slice(0, 200),
      ...(typeof full.metadata?.fromAsWritten === 'string' ? { fromAsWritten: clean(full.metadata.fromAsWritten) } : {}),
      ingestFallback: true,
      ingestError: error,
    },
  };
}

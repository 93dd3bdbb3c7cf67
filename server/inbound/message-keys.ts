// The keys an inbound message is deduplicated by: its idempotency key and the aliases a connector knows it by.
import type { IngestResult, InboundMessage } from '../../connectors/channel.ts';

/** Every key a message may be stored under: its own, then its aliases (the same provider message under another address). */
export function keysOf(message: InboundMessage): string[] {
  return [message.idempotencyKey, ...(message.idempotencyAliases ?? [])];
}

/** The stored copy of `message` among `stored` (as `findStored` answers), under any of its keys. */
export function storedCopy(stored: Map<string, IngestResult>, message: InboundMessage): IngestResult | undefined {
  for (const key of keysOf(message)) {
    const result = stored.get(key);
    if (result) return result;
  }
  return undefined;
}

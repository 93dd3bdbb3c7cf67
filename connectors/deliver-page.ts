// Hands a pulling connector's page (a backlog chunk, a getUpdates answer) to the sink in one commit with its cursor.
//
// The page commits every message that can be stored. The cursor moves past the committed prefix only; the first
// message refused there (or one that could not even be read) goes the connector's single-message way — its retries,
// its fallbacks, its refusal — and the rest of the page is handed over again, where what is stored already is a
// duplicate and costs nothing but the lookup. Messages are held in memory until their commit, so a page whose
// attachments and sources pass `maxBytes` is committed in parts.
import type { InboundSink, PageItem } from './channel.ts';

export interface PageHandlers<Source> {
  /** Normalizes one source into a page item; a throw leaves it to `alone`. */
  prepare(source: Source): Promise<PageItem>;
  /** The single-message way for a source the page did not commit: must resolve only once its checkpoint is committed. */
  alone(source: Source): Promise<void>;
  /** Called in order for each source whose checkpoint is committed: the in-memory cursor may move past it now. */
  delivered(source: Source): void;
}

/** Bytes of prepared messages held before a part of the page is committed. */
export const PAGE_MAX_BYTES = 64 * 1024 * 1024;

export async function deliverPage<Source>(sink: InboundSink, sources: Source[], handlers: PageHandlers<Source>, maxBytes = PAGE_MAX_BYTES): Promise<void> {
  for (let start = 0; start < sources.length;) {
    const prepared: Array<PageItem | undefined> = [];
    for (let bytes = 0; start + prepared.length < sources.length && (!prepared.length || bytes < maxBytes);) {
      const item = await handlers.prepare(sources[start + prepared.length]!).catch(() => undefined);
      prepared.push(item);
      bytes += heldBytes(item);
    }
    await deliverPart(sink, sources.slice(start, start + prepared.length), prepared, handlers);
    start += prepared.length;
  }
}

async function deliverPart<Source>(sink: InboundSink, sources: Source[], prepared: Array<PageItem | undefined>, handlers: PageHandlers<Source>): Promise<void> {
  let from = 0;
  while (from < sources.length) {
    const unreadable = prepared.indexOf(undefined, from);
    const items = prepared.slice(from, unreadable === -1 ? undefined : unreadable) as PageItem[];
    const committed = items.length ? (await sink.receivePage(items)).committed : 0;
    for (const source of sources.slice(from, from + committed)) handlers.delivered(source);
    from += committed;
    if (from === sources.length) return;
    await handlers.alone(sources[from]!);
    handlers.delivered(sources[from]!);
    from++;
  }
}

function heldBytes(item: PageItem | undefined): number {
  const message = item?.message;
  if (!message) return 0;
  return (message.raw?.length ?? 0) + message.text.length + (message.attachments ?? []).reduce((sum, a) => sum + (a.content?.byteLength ?? 0), 0);
}

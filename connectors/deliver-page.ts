// Hands a pulling connector's page (a backlog chunk, a getUpdates answer) to the sink in one commit with its cursor.
//
// The page commits every message that can be stored. The cursor moves past the committed prefix only; the first
// message refused there (or one that could not even be read) goes the connector's single-message way — its retries,
// its fallbacks, its refusal — and the rest of the page is handed over again, where what is stored already is a
// duplicate and costs nothing but the lookup.
import type { InboundSink, PageItem } from './channel.ts';

export interface PageHandlers<Source> {
  /** Normalizes one source into a page item; a throw leaves it to `alone`. */
  prepare(source: Source): Promise<PageItem>;
  /** The single-message way for a source the page did not commit: must resolve only once its checkpoint is committed. */
  alone(source: Source): Promise<void>;
  /** Called in order for each source whose checkpoint is committed: the in-memory cursor may move past it now. */
  delivered(source: Source): void;
}

export async function deliverPage<Source>(sink: InboundSink, sources: Source[], handlers: PageHandlers<Source>): Promise<void> {
  const prepared: Array<PageItem | undefined> = [];
  for (const source of sources) prepared.push(await handlers.prepare(source).catch(() => undefined));
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

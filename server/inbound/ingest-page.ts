// A pulled page (an IMAP backlog chunk, a Telegram getUpdates answer) stored in one transaction with its checkpoint.
//
// The messages go through the one inbound path (`ingestInTransaction`) in page order, so a reply threads to a message
// earlier in the same page; group commit's runner (`commitTogether`) falls back to a savepoint per message when one
// fails, so a poison message is rolled back alone and its neighbours still commit. The checkpoint written is the one
// of the last item before the first refused message: the cursor never passes a message that is not stored.
import type { Checkpoint, PageItem, PageReceipt } from '../../connectors/channel.ts';
import { committedPrefix } from '../../connectors/channel.ts';
import { commitTogether, type Outcome, type TogetherEntry } from './group-commit.ts';
import { findStored, prepareInbound, saveCheckpoint, type IngestChannel, type IngestDeps } from './ingest-message.ts';
import { keysOf, storedCopy } from './message-keys.ts';
import { stageAttachments } from './inbound-attachments.ts';

interface PageEntry extends TogetherEntry {
  index: number;
}

export async function ingestPage(deps: IngestDeps, channel: IngestChannel, items: PageItem[]): Promise<PageReceipt> {
  const outcomes: PageReceipt['outcomes'] = items.map(() => ({}));
  const entries: PageEntry[] = [];
  items.forEach(({ message }, index) => {
    if (!message) return;
    try {
      entries.push({ index, channel, prepared: prepareInbound(deps, message) });
    } catch (error) {
      outcomes[index] = { error };
    }
  });
  // A page read again after a crash is mostly stored already: one statement finds those, and only the rest is written.
  const keys = entries.flatMap((e) => keysOf(e.prepared.message));
  const stored = keys.length ? await findStored(deps.database.db, channel.id, keys) : new Map();
  const unstored = entries.filter((e) => {
    const result = storedCopy(stored, e.prepared.message);
    if (result) outcomes[e.index] = { result };
    return !result;
  });
  // Files go to storage before the transaction; a message whose files the store refuses fails alone, as in the transaction.
  const fresh: PageEntry[] = [];
  for (const e of unstored) {
    try {
      if (e.prepared.message.attachments?.length) e.prepared.files = await stageAttachments(deps, e.prepared.message);
      fresh.push(e);
    } catch (error) {
      outcomes[e.index] = { error };
    }
  }

  const record = (results: Map<PageEntry, Outcome>) => results.forEach((outcome, e) => (outcomes[e.index] = outcome));
  await commitTogether(deps, fresh, {
    pipelined: false,
    finish: async (tx, results) => {
      record(results);
      for (const checkpoint of lastCheckpoints(items.slice(0, committedPrefix(outcomes)))) await saveCheckpoint(tx, channel.id, checkpoint);
    },
  });
  return { committed: committedPrefix(outcomes), outcomes };
}

/** The last checkpoint under each key: what the cursor reaches after these items. */
function lastCheckpoints(items: PageItem[]): Checkpoint[] {
  return [...new Map(items.flatMap(({ checkpoint }) => (checkpoint ? [[checkpoint.key, checkpoint] as const] : []))).values()];
}

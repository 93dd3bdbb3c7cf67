// One catch-up pass over a mailbox: every message above the checkpoint, in UID order, handed over one by one.
import type { ImapFlow } from 'imapflow';

export interface MailboxCursor {
  /** UIDVALIDITY as a decimal string (imapflow gives a bigint, which JSON cannot hold). */
  uidValidity: string;
  lastUid: number;
}

/** Messages fetched per round trip: bounds memory on a large first sync. */
const FETCH_BATCH = 50;

/**
 * Reads new messages after `cursor` and calls `handle(uid, source)` for each, in order.
 * `handle` must resolve only after the message and its checkpoint are committed; the caller's cursor
 * moves only then. Returns the cursor after the last handled message.
 */
export async function syncMailbox(
  client: ImapFlow,
  start: MailboxCursor | undefined,
  handle: (uid: number, source: Buffer, cursor: MailboxCursor) => Promise<void>,
  options: { stopped: () => boolean; onResync?: (from: MailboxCursor, to: MailboxCursor) => void },
): Promise<MailboxCursor> {
  const uidValidity = String(client.mailbox && client.mailbox.uidValidity);
  let cursor = start ?? { uidValidity, lastUid: 0 };
  if (cursor.uidValidity !== uidValidity) {
    // UIDs of the old generation mean nothing now; read everything again, idempotency keys drop repeats.
    const fresh = { uidValidity, lastUid: 0 };
    options.onResync?.(cursor, fresh);
    cursor = fresh;
  }
  // `n:*` always matches the newest message even when it is below n, hence the filter.
  const found = await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
  const uids = (found || []).filter((uid) => uid > cursor.lastUid).sort((a, b) => a - b);
  for (let i = 0; i < uids.length && !options.stopped(); i += FETCH_BATCH) {
    const batch = uids.slice(i, i + FETCH_BATCH);
    // Collect first: a command issued inside `for await (fetch)` deadlocks imapflow's queue.
    const fetched: Array<{ uid: number; source: Buffer }> = [];
    for await (const message of client.fetch(batch.join(','), { uid: true, source: true }, { uid: true })) {
      if (message.source && message.uid > cursor.lastUid) fetched.push({ uid: message.uid, source: message.source });
    }
    fetched.sort((a, b) => a.uid - b.uid);
    for (const { uid, source } of fetched) {
      if (options.stopped()) break;
      const next = { uidValidity, lastUid: uid };
      await handle(uid, source, next);
      cursor = next;
    }
  }
  return cursor;
}

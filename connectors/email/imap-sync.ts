// One catch-up pass over a mailbox: every message above the checkpoint, in UID order, handed over a page at a time.
import type { ImapFlow } from 'imapflow';

export interface MailboxCursor {
  /** UIDVALIDITY as a decimal string (imapflow gives a bigint, which JSON cannot hold). */
  uidValidity: string;
  lastUid: number;
  /** When the last stored mail arrived (its INTERNALDATE, ISO): where a new UIDVALIDITY generation is read from. */
  lastAt?: string;
}

/** Messages fetched per round trip and committed together: bounds memory on a large first sync. */
const PAGE_SIZE = 100;

export interface FetchedMessage {
  uid: number;
  /** The checkpoint once this message is stored. */
  cursor: MailboxCursor;
  source: Buffer;
  /** The full size when only the first `maxMessageBytes` were fetched. */
  truncatedFrom?: number;
}

/** Sizes first, then sources; a message over the cap is fetched only up to the cap. Collected, never processed inside `fetch`. */
async function fetchBatch(client: ImapFlow, uids: number[], maxMessageBytes: number, after: MailboxCursor): Promise<FetchedMessage[]> {
  const sizes = new Map<number, number>();
  const arrivals = new Map<number, string>();
  for await (const message of client.fetch(uids.join(','), { uid: true, size: true, internalDate: true }, { uid: true })) {
    sizes.set(message.uid, message.size ?? 0);
    const arrived = message.internalDate ? new Date(message.internalDate) : undefined;
    if (arrived && !Number.isNaN(arrived.getTime())) arrivals.set(message.uid, arrived.toISOString());
  }
  const cursor = (uid: number): MailboxCursor => ({ uidValidity: after.uidValidity, lastUid: uid, ...(arrivals.has(uid) ? { lastAt: arrivals.get(uid) } : {}) });
  const whole = uids.filter((uid) => (sizes.get(uid) ?? 0) <= maxMessageBytes);
  const fetched: FetchedMessage[] = [];
  if (whole.length) {
    for await (const message of client.fetch(whole.join(','), { uid: true, source: true }, { uid: true })) {
      if (message.source && message.uid > after.lastUid) fetched.push({ uid: message.uid, cursor: cursor(message.uid), source: message.source });
    }
  }
  for (const uid of uids.filter((u) => !whole.includes(u) && sizes.has(u))) {
    for await (const message of client.fetch(String(uid), { uid: true, source: { maxLength: maxMessageBytes } }, { uid: true })) {
      if (message.source && message.uid > after.lastUid) fetched.push({ uid: message.uid, cursor: cursor(message.uid), source: message.source, truncatedFrom: sizes.get(uid) });
    }
  }
  return fetched.sort((a, b) => a.uid - b.uid);
}

/**
 * Reads new messages after `cursor` and calls `handle(page)` for each page of them, in UID order. `handle` must
 * resolve only after the page's messages and the checkpoint after them are committed (each message's `cursor`);
 * the caller's cursor moves only then. Returns the cursor after the last handled page.
 */
export async function syncMailbox(
  client: ImapFlow,
  start: MailboxCursor | undefined,
  handle: (page: FetchedMessage[]) => Promise<void>,
  options: {
    stopped: () => boolean;
    maxMessageBytes: number;
    onResync?: (from: MailboxCursor, to: MailboxCursor) => void;
    /** With no cursor yet (a new channel): begin with mail that arrived on or after this day, or only new mail. */
    importSince?: Date | 'now';
    /** Commits a cursor chosen with no mail stored under it (by `importSince`, or for a new UIDVALIDITY) as the checkpoint; must resolve only once it is committed. */
    saveStart?: (cursor: MailboxCursor) => Promise<void>;
  },
): Promise<MailboxCursor> {
  const uidValidity = String(client.mailbox && client.mailbox.uidValidity);
  let cursor = start ?? (options.importSince ? await startSince(client, uidValidity, options.importSince, options.saveStart) : { uidValidity, lastUid: 0 });
  if (cursor.uidValidity !== uidValidity) {
    const fresh = await resyncCursor(client, uidValidity, cursor, options.importSince);
    await options.saveStart?.(fresh);
    options.onResync?.(cursor, fresh);
    cursor = fresh;
  }
  // `n:*` always matches the newest message even when it is below n, hence the filter.
  const found = await client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true });
  const uids = (found || []).filter((uid) => uid > cursor.lastUid).sort((a, b) => a - b);
  for (let i = 0; i < uids.length && !options.stopped(); i += PAGE_SIZE) {
    // Collect first: a command issued inside `for await (fetch)` deadlocks imapflow's queue.
    const page = await fetchBatch(client, uids.slice(i, i + PAGE_SIZE), options.maxMessageBytes, cursor);
    if (!page.length) continue;
    await handle(page);
    cursor = page.at(-1)!.cursor;
  }
  return cursor;
}

/**
 * Where a new UIDVALIDITY generation (a mailbox recreated or migrated) is read from: its UIDs and the old cursor's mean
 * nothing to each other. From a day before the last stored mail arrived (a day covers the server's time zone), so mail
 * that came meanwhile is read and the repeats are dropped by their idempotency keys — not from the start, which read
 * a large mailbox whole again and brought in the years of mail the channel's import window had left out. A cursor
 * written before arrivals were recorded falls back to the import window's day, else to the whole mailbox as before.
 */
async function resyncCursor(client: ImapFlow, uidValidity: string, old: MailboxCursor, importSince: Date | 'now' | undefined): Promise<MailboxCursor> {
  const since = old.lastAt ? new Date(new Date(old.lastAt).getTime() - 86_400_000) : importSince instanceof Date ? importSince : undefined;
  const start = since ? await firstCursorSince(client, uidValidity, since) : { uidValidity, lastUid: 0 };
  return old.lastAt ? { ...start, lastAt: old.lastAt } : start;
}

/**
 * The start an import window chooses belongs to the channel's first start, so it is committed before any mail is
 * awaited: otherwise a restart (or another worker taking the channel over) before the first mail is stored chooses
 * again, and with "only new mail" passes over what arrived in between.
 */
async function startSince(client: ImapFlow, uidValidity: string, since: Date | 'now', save?: (cursor: MailboxCursor) => Promise<void>): Promise<MailboxCursor> {
  const cursor = await firstCursorSince(client, uidValidity, since);
  await save?.(cursor);
  return cursor;
}

/**
 * The cursor just before the first message that arrived on or after `since` (IMAP SINCE compares the arrival
 * day), or after the newest message when none did, so that only mail from then on is imported.
 */
async function firstCursorSince(client: ImapFlow, uidValidity: string, since: Date | 'now'): Promise<MailboxCursor> {
  const afterNewest = { uidValidity, lastUid: (Number(client.mailbox && client.mailbox.uidNext) || 1) - 1 };
  if (since === 'now') return afterNewest;
  const recent = (await client.search({ since }, { uid: true })) || [];
  if (!recent.length) return afterNewest;
  return { uidValidity, lastUid: recent.reduce((min, uid) => Math.min(min, uid), Infinity) - 1 };
}

// Inbound files whose first download failed for a reason that may pass: the message was stored at once and its
// attachment waits (no file, no refusal). Each pass asks the channel for the due ones again, backing off, until the
// file is stored, the provider says it can never be had, or a day has passed; either end is one transaction with a
// `message.updated` event, so an open thread shows the file (or why it is missing) without a reload.
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { InboundAttachment } from '../../connectors/channel.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { attachmentFetches, attachments, messages } from '../db/schema/index.ts';
import { transact, recordEvent } from '../events/record-event.ts';
import { ChannelUnavailable } from '../channels/channel-unavailable.ts';
import type { ChannelRuntime } from '../channels/channel-runtime.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { queueFileDeletions } from '../files/delete-files.ts';
import { claimStagedFiles, stageFiles } from '../files/staged-files.ts';
import type { Logger } from '../logger.ts';

/** The first retry comes after this, each next one after twice as long, up to FETCH_RETRY_MAX_MS. */
export const FETCH_RETRY_MS = 30_000;
export const FETCH_RETRY_MAX_MS = 60 * 60_000;
/** How long a provider's passing failure may last before the file is refused with the last error. */
export const FETCH_GIVE_UP_MS = 24 * 60 * 60_000;
/** While one process downloads a claimed file, others leave it alone this long. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

export interface AttachmentFetchDeps {
  database: Database;
  storage: FileStorage;
  runtime: Pick<ChannelRuntime, 'instance' | 'holds'>;
  maxAttachmentBytes: number;
  now(): Date;
  log?: Pick<Logger, 'warn'>;
}

/** Written in the transaction that stores the message, beside its waiting attachment row. */
export async function queueAttachmentFetch(tx: DbOrTx, fetch: { attachmentId: string; channelId: string; source: string; reason: string; now: Date }): Promise<void> {
  await tx.insert(attachmentFetches).values({
    attachmentId: fetch.attachmentId,
    channelId: fetch.channelId,
    source: fetch.source,
    requestedAt: fetch.now,
    nextAttemptAt: new Date(fetch.now.getTime() + FETCH_RETRY_MS),
    giveUpAt: new Date(fetch.now.getTime() + FETCH_GIVE_UP_MS),
    lastError: fetch.reason.slice(0, 500),
  });
}

/** Tries every due waiting file once. Several processes can run this at once: each claims its files. */
export async function fetchWaitingAttachments(deps: AttachmentFetchDeps): Promise<{ stored: number; refused: number; waiting: number }> {
  const result = { stored: 0, refused: 0, waiting: 0 };
  const { db } = deps.database;
  for (;;) {
    const now = deps.now();
    const pick = db
      .select({ attachmentId: attachmentFetches.attachmentId })
      .from(attachmentFetches)
      .where(lte(attachmentFetches.nextAttemptAt, now))
      .orderBy(attachmentFetches.nextAttemptAt)
      .limit(BATCH)
      .for('update', { skipLocked: true });
    const claimed = await db
      .update(attachmentFetches)
      .set({ nextAttemptAt: new Date(now.getTime() + CLAIM_MS) })
      .where(inArray(attachmentFetches.attachmentId, pick))
      .returning();
    for (const fetch of claimed) {
      // A store or database failure leaves the file claimed: the claim runs out and a later pass tries it again.
      const outcome = await fetchOne(deps, fetch).catch((error: unknown) => {
        deps.log?.warn({ attachmentId: fetch.attachmentId, err: error instanceof Error ? error.message : String(error) }, 'a waiting inbound file could not be settled');
        return 'waiting' as const;
      });
      result[outcome] += 1;
    }
    // Claimed files are out of the due ones now (settled, or due later), so this ends.
    if (claimed.length < BATCH) return result;
  }
}

type Fetch = typeof attachmentFetches.$inferSelect;

async function fetchOne(deps: AttachmentFetchDeps, fetch: Fetch): Promise<'stored' | 'refused' | 'waiting'> {
  const [file] = await deps.database.db.select({ filename: attachments.filename, contentType: attachments.contentType }).from(attachments).where(eq(attachments.id, fetch.attachmentId));
  if (!file) return 'refused'; // its message was deleted or erased meanwhile: the row went with it
  let got: InboundAttachment;
  try {
    const live = await deps.runtime.instance(fetch.channelId);
    if (!live.channel.fetchAttachment) return settle(deps, fetch, { refused: 'this channel can no longer fetch the file' });
    // A WhatsApp file comes through the session, which one process holds: the others leave it to that one.
    if (live.driver.sendsThroughSession && !(await deps.runtime.holds(fetch.channelId))) return leave(deps, fetch);
    got = await live.channel.fetchAttachment(fetch.source, file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.startsWith('download failed') ? message : `download failed: ${message}`;
    // A deleted channel cannot fetch it ever again.
    if (error instanceof ChannelUnavailable || deps.now() >= fetch.giveUpAt) return settle(deps, fetch, { refused: reason });
    const wait = Math.min(FETCH_RETRY_MS * 2 ** (fetch.attempts + 1), FETCH_RETRY_MAX_MS);
    await deps.database.db
      .update(attachmentFetches)
      .set({ attempts: fetch.attempts + 1, lastError: reason.slice(0, 500), nextAttemptAt: new Date(deps.now().getTime() + wait) })
      .where(eq(attachmentFetches.attachmentId, fetch.attachmentId));
    deps.log?.warn({ attachmentId: fetch.attachmentId, attempts: fetch.attempts + 1, err: reason }, 'an inbound file could not be downloaded; it will be tried again');
    return 'waiting';
  }
  if (got.refused || !got.content) return settle(deps, fetch, { refused: got.refused?.reason ?? 'no content received' });
  if (got.content.byteLength > deps.maxAttachmentBytes) return settle(deps, fetch, { refused: `larger than the ${deps.maxAttachmentBytes}-byte limit` });
  // Staged: if the row is not updated (the process dies, the database fails), the claim runs out, the file is fetched
  // again, and this copy is deleted by the sweep of unclaimed files.
  const [storageKey] = await stageFiles(deps, [got.content]);
  return settle(deps, fetch, { storageKey: storageKey!, contentType: got.contentType, size: got.content.byteLength });
}

/** Gives a claimed file back, due again soon and without counting a try: another process holds its channel's session. */
async function leave(deps: AttachmentFetchDeps, fetch: Fetch): Promise<'stored' | 'refused' | 'waiting'> {
  // No process has held the session for a day (the channel is off): the file will not come.
  if (deps.now() >= fetch.giveUpAt) return settle(deps, fetch, { refused: fetch.lastError ?? 'download failed' });
  await deps.database.db
    .update(attachmentFetches)
    .set({ nextAttemptAt: new Date(deps.now().getTime() + FETCH_RETRY_MS) })
    .where(eq(attachmentFetches.attachmentId, fetch.attachmentId));
  return 'waiting';
}

type Outcome = { refused: string } | { storageKey: string; contentType: string; size: number };

/** Stores or refuses the file and forgets the fetch, in one transaction; a file whose row went meanwhile is deleted. */
async function settle(deps: AttachmentFetchDeps, fetch: Fetch, outcome: Outcome): Promise<'stored' | 'refused'> {
  const stored = 'storageKey' in outcome;
  await transact(deps.database, async (tx) => {
    const gone = await tx.delete(attachmentFetches).where(eq(attachmentFetches.attachmentId, fetch.attachmentId)).returning({ id: attachmentFetches.attachmentId });
    const set = stored ? { storageKey: outcome.storageKey, contentType: outcome.contentType, size: outcome.size } : { refusedReason: outcome.refused.slice(0, 500) };
    const [row] = gone.length
      ? await tx
          .update(attachments)
          .set(set)
          .where(and(eq(attachments.id, fetch.attachmentId), isNull(attachments.storageKey), isNull(attachments.refusedReason)))
          .returning({ messageId: attachments.messageId })
      : [];
    if (stored) await claimStagedFiles(tx, [outcome.storageKey]);
    if (!row) {
      if (stored) await queueFileDeletions(tx, [outcome.storageKey], deps.now());
      return;
    }
    const [message] = await tx.select({ conversationId: messages.conversationId, contactId: messages.contactId }).from(messages).where(eq(messages.id, row.messageId));
    if (message) {
      await recordEvent(tx, { type: 'message.updated', messageId: row.messageId, conversationId: message.conversationId, contactId: message.contactId, payload: { attachment: fetch.attachmentId } });
    }
  });
  return stored ? 'stored' : 'refused';
}

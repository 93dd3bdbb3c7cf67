// An inbound message's files: what becomes of each is decided once, before the message's transaction, and the ones
// kept are written to storage then as staged files (staged-files.ts); the transaction claims them with its rows. So a
// batch run again, or a message retried alone, stores the same files under the same keys.
import type { InboundAttachment, InboundMessage } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { attachments } from '../db/schema/index.ts';
import { claimStagedFiles, stageFiles, type StagingDeps } from '../files/staged-files.ts';
import { queueAttachmentFetch } from './fetch-waiting-attachments.ts';

/** An inbound file kept (under a staged key), refused (why), or waiting to be fetched again (neither). */
export interface AttachmentFate {
  storageKey: string | null;
  refusedReason: string | null;
  waits: boolean;
}

/** Each attachment's fate, in order, with the files to keep written to storage, staged. */
export async function stageAttachments(deps: StagingDeps & { maxAttachmentBytes: number }, message: InboundMessage): Promise<AttachmentFate[]> {
  const list = message.attachments ?? [];
  const files: AttachmentFate[] = list.map((a) => ({ storageKey: null, ...fateOf(a, deps.maxAttachmentBytes) }));
  const kept = files.flatMap((fate, i) => (fate.refusedReason || fate.waits ? [] : [{ fate, content: list[i]!.content! }]));
  const keys = await stageFiles(
    deps,
    kept.map((k) => k.content),
  );
  kept.forEach((k, i) => (k.fate.storageKey = keys[i]!));
  return files;
}

function fateOf(a: InboundAttachment, maxBytes: number): { refusedReason: string | null; waits: boolean } {
  if (a.refused?.reason) return { refusedReason: a.refused.reason, waits: false };
  if (a.size > maxBytes) return { refusedReason: `larger than the ${maxBytes}-byte limit`, waits: false };
  if (a.content) return { refusedReason: null, waits: false };
  // Neither stored nor refused: the file waits for its download to be tried again (fetch-waiting-attachments.ts).
  if (a.fetchAgain) return { refusedReason: null, waits: true };
  return { refusedReason: 'no content received', waits: false };
}

/** The message's attachment rows, in the sender's order, in its transaction: claims the staged files they name. */
export async function storeAttachments(tx: Tx, at: { channelId: string; messageId: string; now: Date }, message: InboundMessage, files: AttachmentFate[] | undefined) {
  const list = message.attachments ?? [];
  if (!list.length) return;
  if (!files) throw new Error('attachments are staged (stageAttachments) before their message is stored');
  await claimStagedFiles(
    tx,
    files.flatMap((f) => (f.storageKey ? [f.storageKey] : [])),
  );
  for (const [i, a] of list.entries()) {
    const { storageKey, refusedReason, waits } = files[i]!;
    const [row] = await tx
      .insert(attachments)
      .values({
        messageId: at.messageId,
        filename: a.filename || 'attachment',
        contentType: a.contentType || 'application/octet-stream',
        size: a.size,
        storageKey,
        contentId: a.contentId ?? null,
        inline: a.inline ?? false,
        refusedReason,
        position: i,
      })
      .returning({ id: attachments.id });
    if (waits) await queueAttachmentFetch(tx, { attachmentId: row!.id, channelId: at.channelId, source: a.fetchAgain!.source, reason: a.fetchAgain!.reason, now: at.now });
  }
}

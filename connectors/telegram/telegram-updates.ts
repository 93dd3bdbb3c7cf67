// Hands Bot API updates to the sink: a getUpdates page in one commit with the offset (long polling), or one update (webhooks).
import type { Checkpoint, InboundSink, PageItem } from '../channel.ts';
import { deliverPage } from '../deliver-page.ts';
import { normalizeMessage, type FetchMedia, type TgMessage } from './normalize-message.ts';
import type { UpdateGuard } from './update-guard.ts';

export const OFFSET_KEY = 'telegram:offset';

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  [other: string]: unknown;
}

/** Update kinds we ask for: messages, their edits, and member changes (a user blocking the bot). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'my_chat_member'] as const;

interface UpdateDeps {
  sink: InboundSink;
  fetchMedia: FetchMedia;
}

/** The update's message (none when it carries no message) with the offset that follows it. */
async function toPageItem(update: TgUpdate, fetchMedia: FetchMedia): Promise<PageItem & { checkpoint: Checkpoint }> {
  const checkpoint = { key: OFFSET_KEY, value: update.update_id + 1 };
  const message = update.message ?? update.edited_message;
  if (!message) return { checkpoint };
  const inbound = await normalizeMessage(message, { edited: !update.message, fetchMedia });
  inbound.metadata = { ...inbound.metadata, updateId: update.update_id };
  return { message: inbound, checkpoint };
}

/**
 * Stores the update's message, or only the checkpoint when it carries none.
 * `withCheckpoint` is true in polling mode: the next offset commits with the message.
 */
export async function deliverUpdate(update: TgUpdate, deps: UpdateDeps & { withCheckpoint: boolean }): Promise<void> {
  const { message, checkpoint } = await toPageItem(update, deps.fetchMedia);
  if (!message) {
    if (deps.withCheckpoint) await deps.sink.saveCheckpoint(checkpoint);
    return;
  }
  await deps.sink.receive(message, deps.withCheckpoint ? { checkpoint } : undefined);
}

/**
 * A getUpdates page in one commit with the offset after it (polling mode). An update the page could not store, or
 * could not prepare because its file failed to download for a moment (or a stop cut the download short), is
 * delivered alone: if it fails again this throws, the offset stays before it, and polling retries from there after
 * its backoff.
 */
export function deliverUpdates(updates: TgUpdate[], deps: UpdateDeps & { guard: UpdateGuard }, delivered: (update: TgUpdate) => void): Promise<void> {
  return deliverPage(deps.sink, updates, {
    prepare: (update) => toPageItem(update, deps.fetchMedia),
    // An update refused every time is stored as text alone after a few polls, or skipped, rather than block the bot.
    alone: (update) => deps.guard.deliver(update, () => deliverUpdate(update, { ...deps, withCheckpoint: true })),
    delivered,
  });
}

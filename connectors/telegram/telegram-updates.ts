// Hands one Bot API update to the sink; shared by long polling (with an offset checkpoint) and webhooks.
import type { Checkpoint, InboundSink } from '../channel.ts';
import { normalizeMessage, type FetchMedia, type TgMessage } from './normalize-message.ts';

export const OFFSET_KEY = 'telegram:offset';

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  [other: string]: unknown;
}

/** Update kinds we ask for: messages, their edits, and member changes (a user blocking the bot). */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'my_chat_member'] as const;

/**
 * Stores the update's message, or only the checkpoint when it carries none.
 * `withCheckpoint` is true in polling mode: the next offset commits with the message.
 */
export async function deliverUpdate(update: TgUpdate, deps: { sink: InboundSink; fetchMedia: FetchMedia; withCheckpoint: boolean }): Promise<void> {
  const checkpoint: Checkpoint | undefined = deps.withCheckpoint ? { key: OFFSET_KEY, value: update.update_id + 1 } : undefined;
  const message = update.message ?? update.edited_message;
  if (!message) {
    if (checkpoint) await deps.sink.saveCheckpoint(checkpoint);
    return;
  }
  const inbound = await normalizeMessage(message, { edited: !update.message, fetchMedia: deps.fetchMedia });
  inbound.metadata = { ...inbound.metadata, updateId: update.update_id };
  await deps.sink.receive(inbound, checkpoint ? { checkpoint } : undefined);
}

// The one place outbound message status moves: forward only, except an agent sending a failed reply again.
//   queued → sent → delivered → read      (the worker, then the provider's receipts; a late "sent" never undoes "delivered")
//   queued | sent → failed                 (the worker gives up, the stuck-send sweep, a provider's "undelivered")
//   failed → queued                        (the agent's "Send again")
//   queued → cancelled                     (a marketing message whose campaign was cancelled first; final)
import type { MessageStatus } from '../db/schema/index.ts';

const RANK: Record<MessageStatus, number> = { received: -1, queued: 0, sent: 1, delivered: 2, read: 3, failed: 4, cancelled: 5 };

/** Where a status stands on the way out: receipts for one message are applied from the lowest. */
export const statusRank = (status: MessageStatus): number => RANK[status];

/** The statuses a message may move out of to become `next`. */
export function statusesThatMayBecome(next: MessageStatus): MessageStatus[] {
  if (next === 'failed') return ['queued', 'sent'];
  if (next === 'queued') return ['failed'];
  if (next === 'cancelled') return ['queued'];
  return (['queued', 'sent', 'delivered', 'read'] as MessageStatus[]).filter((s) => RANK[s] < RANK[next]);
}

/** What the send worker itself may do: it only ever moves a message it holds in `queued`. */
export const SENDING: MessageStatus[] = ['queued'];

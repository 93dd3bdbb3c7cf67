// What a failed send means, said once for both lanes: retry later (our retryable codes, with backoff) or fail for good.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { leaseEndsIn } from './lease.ts';
import { SENDING } from './message-status.ts';
import { ChannelError } from '../../connectors/channel.ts';
import type { Tx } from '../db/client.ts';
import { contactIdentities, messages } from '../db/schema/index.ts';
import { recordEvent } from '../events/record-event.ts';

export type FailureOutcome = { retry: true; delayMs: number; error: ChannelError } | { retry: false; code: string; error: ChannelError };

export function retryDelayMs(attempt: number, baseMs: number, retryAfterMs?: number): number {
  if (retryAfterMs && retryAfterMs > 0) return retryAfterMs;
  const exp = Math.min(baseMs * 2 ** (attempt - 1), 15 * 60_000);
  return Math.round(exp * (0.75 + Math.random() * 0.5));
}

/** Our retryable codes are retried with backoff until the attempts run out; anything else (a missing channel is CONFIG) fails at once. */
export function failureOutcome(error: unknown, attempt: number, policy: { maxAttempts: number; retryBaseMs: number }): FailureOutcome {
  const channelError = error instanceof ChannelError ? error : new ChannelError('TEMPORARY', (error as Error)?.message ?? String(error), { cause: error });
  if (channelError.retryable && attempt < policy.maxAttempts) {
    return { retry: true, delayMs: retryDelayMs(attempt, policy.retryBaseMs, channelError.options.retryAfterMs), error: channelError };
  }
  return { retry: false, code: channelError.code, error: channelError };
}

type MessageRow = typeof messages.$inferSelect;

/**
 * Notes the attempt on the message. Without `holdMs` its claim is freed and the caller schedules the next attempt;
 * with it the claim is held that long (database clock, see lease.ts) and the lane takes the message again after.
 */
export async function noteRetry(tx: Tx, message: MessageRow, attempt: number, error: ChannelError, holdMs?: number) {
  await tx
    .update(messages)
    .set({
      sendingUntil: holdMs === undefined ? null : leaseEndsIn(holdMs),
      metadata: sql`${messages.metadata} || ${JSON.stringify({ attempts: attempt, lastError: { code: error.code, message: error.message } })}::jsonb`,
    })
    .where(eq(messages.id, message.id));
}

/** Final failure: the message says why, and an address the provider refused is marked undeliverable. */
export async function markFailed(tx: Tx, message: MessageRow, attempt: number, code: string, error: ChannelError, now: Date) {
  await tx
    .update(messages)
    .set({ status: 'failed', errorCode: code, errorMessage: error.message, statusAt: now, sendingUntil: null, metadata: sql`${messages.metadata} || ${JSON.stringify({ attempts: attempt })}::jsonb` })
    .where(and(eq(messages.id, message.id), inArray(messages.status, SENDING)));
  if (code === 'BLOCKED' || code === 'INVALID_RECIPIENT') {
    const to = message.metadata.to as { kind: string; value: string } | undefined;
    if (to)
      await tx
        .update(contactIdentities)
        .set({ undeliverable: true, undeliverableReason: error.message })
        .where(and(eq(contactIdentities.kind, to.kind as 'email'), eq(contactIdentities.value, to.value)));
  }
  await recordEvent(tx, { type: 'message.updated', messageId: message.id, conversationId: message.conversationId, contactId: message.contactId, payload: { status: 'failed', code } });
}

/** An opt-out or suppression that arrived after the message was queued: it fails as OPTED_OUT, unsent. */
export async function markOptedOut(tx: Tx, message: MessageRow, refusal: string, now: Date) {
  const reason = refusal === 'suppressed' ? 'the address is on the suppression list' : 'the contact opted out of marketing here';
  await markFailed(tx, message, Number(message.metadata.attempts ?? 0), 'OPTED_OUT', new ChannelError('OPTED_OUT', reason), now);
}

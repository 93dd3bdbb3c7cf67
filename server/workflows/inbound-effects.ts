// What an inbound customer message does to the engine: its complaint score, and answers to runs waiting for a reply.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { contacts, messages, satisfactionResponses, workflowRuns, workflowStepLog } from '../db/schema/index.ts';
import { recordComplaintDecision } from '../complaints/index.ts';
import { consentKeyword } from '../consent/index.ts';
import { npsCategory, parseRating, type ComplaintDetector, type ComplaintScore } from '../../workflows/index.ts';
import type { RunContext } from './build-facts.ts';

/** A survey answer as it is kept on the contact (`attributes.satisfaction`), newest last; the profile shows them. */
export interface SatisfactionEntry {
  kind: 'nps' | 'csat';
  score: number;
  category: string;
  conversationId: string | null;
  at: string;
}

/**
 * Scores the message and stores the score on its metadata, where agents and the complaint preset read it. A stop word
 * (STOP, DUR, Unsubscribe…) is the opt-out ingest has recorded, not a complaint to escalate and apologise for.
 */
export async function scoreComplaint(tx: Tx, detector: ComplaintDetector, message: { id: string; text: string }, language: string | null): Promise<ComplaintScore> {
  const scored = detector.score(message.text, language ?? undefined);
  const score: ComplaintScore = consentKeyword(message.text) === 'opted_out' ? { language: scored.language, score: 0, isComplaint: false, matched: [], source: 'lexicon' } : scored;
  await tx
    .update(messages)
    .set({ metadata: sql`${messages.metadata} || ${JSON.stringify({ complaint: score })}::jsonb` })
    .where(eq(messages.id, message.id));
  return score;
}

/** Wakes the contact's runs waiting for a reply and records what the reply means (reactivated, a rating). */
export async function answerWaitingRuns(tx: Tx, contactId: string, message: { id: string; text: string; conversationId: string }, now: Date): Promise<number> {
  const waiting = await tx
    .select()
    .from(workflowRuns)
    .where(and(eq(workflowRuns.contactId, contactId), eq(workflowRuns.status, 'waiting'), sql`${workflowRuns.context}->'waiting'->>'forReply' = 'true'`))
    .for('update', { skipLocked: true });
  let woken = 0;
  for (const run of waiting) {
    const context = run.context as RunContext;
    const wait = context.waiting!;
    const detail: Record<string, unknown> = { messageId: message.id };
    if (wait.record === 'nps' || wait.record === 'csat') {
      const rating = parseRating(message.text);
      // A reply that is not a rating ("thanks!") leaves the survey open until it times out.
      if (rating === null) continue;
      const category = wait.record === 'nps' ? npsCategory(rating) : rating >= 8 ? 'satisfied' : 'unsatisfied';
      const conversationId = context.conversationId ?? message.conversationId;
      const [stored] = await tx
        .insert(satisfactionResponses)
        .values({ contactId, conversationId, runId: run.id, kind: wait.record, score: rating, category, at: now })
        .onConflictDoNothing()
        .returning();
      if (stored) {
        // A detractor's rating is the workspace saying the conversation was a complaint: its last message before
        // the rating becomes a labelled example for the complaint model.
        if (category === 'detractor' || category === 'unsatisfied') {
          await recordComplaintDecision(tx, { conversationId, complaint: true, source: 'survey', now, beforeMessageId: message.id });
        }
        const entry: SatisfactionEntry = { kind: wait.record, score: rating, category, conversationId, at: now.toISOString() };
        await tx
          .update(contacts)
          .set({ attributes: sql`jsonb_set(${contacts.attributes}, '{satisfaction}', coalesce(${contacts.attributes}->'satisfaction', '[]'::jsonb) || ${JSON.stringify([entry])}::jsonb)` })
          .where(eq(contacts.id, contactId));
      }
      Object.assign(detail, { rating, kind: wait.record, category });
    }
    await tx
      .update(workflowRuns)
      .set({ nextAt: now, context: { ...context, waiting: { ...wait, forReply: false }, repliedAt: now.toISOString() } })
      .where(eq(workflowRuns.id, run.id));
    await tx.insert(workflowStepLog).values({ runId: run.id, stepId: wait.step, outcome: 'replied', reason: wait.record ?? null, detail, at: now });
    woken++;
  }
  return woken;
}

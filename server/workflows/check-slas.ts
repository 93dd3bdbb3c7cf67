// SLA scanner: settles complaint first-response clocks at their due time and escalates the breached ones.
import { and, eq, lte } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { conversations, slaClocks } from '../db/schema/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createReply } from '../outbound/create-reply.ts';
import { updateConversation } from '../conversations/update-conversation.ts';
import { slaState } from '../../workflows/index.ts';

export const SLA_BREACHED_LABEL = 'sla-breached';

export async function checkSlas(deps: { database: Database; jobs: JobQueue; now(): Date }): Promise<number> {
  const db = deps.database.db;
  const now = deps.now();
  const due = await db
    .select({ clock: slaClocks, firstResponseAt: conversations.firstResponseAt, labels: conversations.labels })
    .from(slaClocks)
    .innerJoin(conversations, eq(conversations.id, slaClocks.conversationId))
    .where(and(eq(slaClocks.state, 'running'), lte(slaClocks.dueAt, now)));
  let escalated = 0;
  for (const { clock, firstResponseAt, labels } of due) {
    const state = slaState({ startedAt: clock.startedAt, firstResponseMinutes: clock.firstResponseMinutes, firstRespondedAt: firstResponseAt ?? undefined }, now);
    if (state.state === 'running') continue;
    // Moving the clock out of `running` is the claim: a second scanner finds nothing to escalate.
    const [claimed] = await db
      .update(slaClocks)
      .set({ state: state.state, settledAt: now, updatedAt: now })
      .where(and(eq(slaClocks.id, clock.id), eq(slaClocks.state, 'running')))
      .returning();
    if (!claimed || state.state === 'met') continue;
    await updateConversation(
      deps,
      clock.conversationId,
      {
        priority: 'urgent',
        labels: [...labels, SLA_BREACHED_LABEL],
        ...(clock.escalateToTeamId ? { teamId: clock.escalateToTeamId, assigneeId: null } : {}),
      },
      { causedByAutomation: true },
    );
    await createReply(deps, {
      conversationId: clock.conversationId,
      private: true,
      senderType: 'automation',
      causedByAutomation: true,
      idempotencyKey: `sla:${clock.id}`,
      text: `First-response SLA of ${clock.firstResponseMinutes} minutes breached at ${state.dueAt.toISOString()}; escalated.`,
    });
    escalated++;
  }
  return escalated;
}

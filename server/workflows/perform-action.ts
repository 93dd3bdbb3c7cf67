// Carries out one side-effecting step (assign, label, priority, note, SLA, webhook); the caller isolates failures.
import { createHmac } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { safeFetch, type EgressPolicy } from '../egress/index.ts';
import { contacts, conversations, slaClocks, teamMembers, users, workflowCursors } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createReply } from '../outbound/create-reply.ts';
import { updateConversation } from '../conversations/update-conversation.ts';
import { nextAssignee, slaDueAt, type StepDecision } from '../../workflows/index.ts';
import { sign, SIGNATURE_HEADER } from '../../connectors/signature.ts';

type ActionDecision = Extract<StepDecision, { do: 'action' }>;
export interface ActionDeps {
  database: Database;
  jobs: JobQueue;
  now(): Date;
  secretKey: Buffer;
  /** What call_webhook may reach (ULAK_WEBHOOK_ALLOW); checked again at every call since DNS answers change. */
  egress: EgressPolicy;
}
export interface ActionRun {
  id: string;
  workflowId: string;
  contactId: string;
  conversationId?: string;
}

export async function performAction(deps: ActionDeps, run: ActionRun, decision: ActionDecision): Promise<Record<string, unknown>> {
  const action = decision.action;
  const auto = { causedByAutomation: true };
  const conversationId = () => {
    if (!run.conversationId) throw new AppError(422, 'no_conversation', `${action.type} needs a conversation and this run has none`);
    return run.conversationId;
  };
  switch (action.type) {
    case 'add_label': {
      if (!run.conversationId) {
        await deps.database.db
          .update(contacts)
          .set({ labels: sql`array(select distinct unnest(${contacts.labels} || array[${action.label}]::text[]))` })
          .where(eq(contacts.id, run.contactId));
        return { label: action.label, on: 'contact' };
      }
      const [conv] = await deps.database.db.select({ labels: conversations.labels }).from(conversations).where(eq(conversations.id, run.conversationId));
      await updateConversation(deps, run.conversationId, { labels: [...(conv?.labels ?? []), action.label] }, auto);
      return { label: action.label, on: 'conversation' };
    }
    case 'set_priority':
      await updateConversation(deps, conversationId(), { priority: action.priority }, auto);
      return { priority: action.priority };
    case 'assign': {
      const assigneeId = action.agentId ?? (action.roundRobin && action.teamId ? await roundRobin(deps.database, action.teamId) : undefined);
      await updateConversation(deps, conversationId(), { ...(action.teamId ? { teamId: action.teamId } : {}), ...(assigneeId ? { assigneeId } : {}) }, auto);
      return { teamId: action.teamId ?? null, assigneeId: assigneeId ?? null };
    }
    case 'add_note': {
      const note = await createReply(deps, {
        conversationId: conversationId(),
        text: action.body,
        private: true,
        senderType: 'automation',
        idempotencyKey: `${run.id}:${action.id}`,
        causedByAutomation: true,
      });
      return { messageId: note.id };
    }
    case 'start_sla': {
      const startedAt = deps.now();
      const dueAt = slaDueAt({ startedAt, firstResponseMinutes: action.firstResponseMinutes });
      await deps.database.db
        .insert(slaClocks)
        .values({ runId: run.id, conversationId: conversationId(), startedAt, dueAt, firstResponseMinutes: action.firstResponseMinutes, escalateToTeamId: action.escalateToTeamId ?? null })
        .onConflictDoNothing();
      return { dueAt: dueAt.toISOString() };
    }
    case 'call_webhook':
      return callWebhook(deps, run, action);
  }
}

/** Each secretRef names its own key, derived from the installation secret so nothing extra is stored. */
export function webhookSecret(secretKey: Buffer, secretRef: string): string {
  return createHmac('sha256', secretKey).update(`workflow-webhook:${secretRef}`).digest('hex');
}

async function callWebhook(deps: ActionDeps, run: ActionRun, action: { id: string; url: string; secretRef: string }) {
  const now = deps.now();
  const body = JSON.stringify({ workflowId: run.workflowId, runId: run.id, stepId: action.id, contactId: run.contactId, conversationId: run.conversationId ?? null, at: now.toISOString() });
  // Errors are the egress policy's fixed texts: the run log must not tell a marketer whether a refused port is open.
  const response = await safeFetch(
    action.url,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: sign(webhookSecret(deps.secretKey, action.secretRef), body),
        'x-ulak-delivery': `${run.id}:${action.id}`,
        'idempotency-key': `${run.id}:${action.id}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    },
    deps.egress,
  );
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  return { status: response.status };
}

/** The next active member after the one this team gave work to last; the pointer lives in a cursor row. */
async function roundRobin(database: Database, teamId: string): Promise<string | undefined> {
  return database.db.transaction(async (tx) => {
    const name = `round-robin:${teamId}`;
    await tx.insert(workflowCursors).values({ name }).onConflictDoNothing();
    const [cursor] = await tx.select().from(workflowCursors).where(eq(workflowCursors.name, name)).for('update');
    const members = await tx
      .select({ id: users.id })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(and(eq(teamMembers.teamId, teamId), eq(users.active, true)))
      .orderBy(asc(users.id));
    const next = nextAssignee(
      members.map((m) => m.id),
      cursor?.value ?? undefined,
    );
    if (next) await tx.update(workflowCursors).set({ value: next }).where(eq(workflowCursors.name, name));
    return next;
  });
}

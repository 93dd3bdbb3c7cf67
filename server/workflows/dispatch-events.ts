// The event dispatcher: reads domain events in id order after a stored cursor, one dispatcher at a time, and starts runs.
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../db/client.ts';
import { contacts, messages, workflowCursors, workflowEventReceipts } from '../db/schema/index.ts';
import type { Services } from '../services.ts';
import { eventOccurrenceKey, explainEventMatch, type DomainEvent } from '../../workflows/index.ts';
import { answerWaitingRuns, scoreComplaint } from './inbound-effects.ts';
import { activeWorkflows, startRuns, type ActiveWorkflow, type RunStart } from './start-runs.ts';

const CURSOR = 'domain-events';
/** An event id below the cursor can still commit late (ids are taken before commit); after this long we assume it never will. */
const SETTLE = sql`interval '1 minute'`;

interface EventRow {
  id: string | number;
  type: string;
  created_at: string | Date;
  contact_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  caused_by_automation: boolean;
  payload: Record<string, unknown>;
}

export interface DispatchResult {
  events: number;
  runsStarted: number;
  repliesRecorded: number;
}

export async function dispatchEvents(services: Pick<Services, 'database' | 'now'>, options: { batch?: number } = {}): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, runsStarted: 0, repliesRecorded: 0 };
  for (;;) {
    const batch = await services.database.db.transaction((tx) => dispatchBatch(tx, services.now(), options.batch ?? 200));
    result.events += batch.events;
    result.runsStarted += batch.runsStarted;
    result.repliesRecorded += batch.repliesRecorded;
    if (batch.events < (options.batch ?? 200)) return result;
  }
}

async function dispatchBatch(tx: Tx, now: Date, limit: number): Promise<DispatchResult> {
  await tx.insert(workflowCursors).values({ name: CURSOR, eventId: 0 }).onConflictDoNothing();
  // The row lock makes dispatchers take turns, across processes too.
  const [cursor] = await tx.select().from(workflowCursors).where(eq(workflowCursors.name, CURSOR)).for('update');
  const events = rowsOf<EventRow>(
    await tx.execute(sql`select e.id, e.type, e.created_at, e.contact_id, e.conversation_id, e.message_id, e.caused_by_automation, e.payload from domain_events e
      where e.id > ${cursor!.eventId ?? 0} and not exists (select 1 from workflow_event_receipts r where r.event_id = e.id)
      order by e.id limit ${limit}`),
  );
  const result: DispatchResult = { events: events.length, runsStarted: 0, repliesRecorded: 0 };
  if (events.length === 0) return result;
  const eventWorkflows = await activeWorkflows(tx, 'event');
  for (const event of events) {
    const { starts, replies } = await handleEvent(tx, event, eventWorkflows, now);
    result.runsStarted += await startRuns(tx, starts, now);
    result.repliesRecorded += replies;
  }
  const ids = events.map((e) => Number(e.id));
  await tx.insert(workflowEventReceipts).values(ids.map((eventId) => ({ eventId }))).onConflictDoNothing();
  const last = Math.max(...ids);
  const [safe] = rowsOf<{ id: string | null }>(await tx.execute(sql`select max(id) as id from domain_events where id <= ${last} and created_at < now() - ${SETTLE}`));
  if (safe?.id && Number(safe.id) > (cursor!.eventId ?? 0)) {
    await tx.update(workflowCursors).set({ eventId: Number(safe.id) }).where(eq(workflowCursors.name, CURSOR));
    await tx.delete(workflowEventReceipts).where(sql`${workflowEventReceipts.eventId} <= ${Number(safe.id)}`);
  }
  return result;
}

async function handleEvent(tx: Tx, row: EventRow, eventWorkflows: ActiveWorkflow[], now: Date): Promise<{ starts: RunStart[]; replies: number }> {
  if (!row.contact_id) return { starts: [], replies: 0 };
  const payload = row.payload ?? {};
  const event: DomainEvent = {
    type: row.type, id: String(row.id), contactId: row.contact_id, causedByAutomation: row.caused_by_automation,
    label: typeof payload.label === 'string' ? payload.label : undefined,
  };
  const context: Record<string, unknown> = { conversationId: row.conversation_id ?? undefined, eventId: String(row.id), label: event.label };
  let replies = 0;
  if (row.type === 'message.received' && row.message_id) {
    const [message] = await tx.select({ id: messages.id, text: messages.text, conversationId: messages.conversationId }).from(messages).where(eq(messages.id, row.message_id));
    if (!message) return { starts: [], replies: 0 };
    const quiet = Boolean(payload.autoReply || payload.history || row.caused_by_automation);
    event.message = { channel: String(payload.channelKind ?? 'api') as 'api', autoReply: Boolean(payload.autoReply), history: Boolean(payload.history) };
    let complaintScore: number | undefined;
    if (!quiet) {
      const [contact] = await tx.select({ language: contacts.language }).from(contacts).where(eq(contacts.id, row.contact_id));
      const scored = await scoreComplaint(tx, message, contact?.language ?? null);
      complaintScore = scored.score;
      // The language the customer wrote in, for contacts whose profile has none (an answer in kind).
      context.messageLanguage = scored.language;
      replies = await answerWaitingRuns(tx, row.contact_id, message, now);
    }
    context.messageId = message.id;
    context.message = { text: message.text, channel: event.message.channel, autoReply: event.message.autoReply, complaintScore };
  }
  const starts = eventWorkflows
    .filter((wf) => !wf.enabledAt || new Date(row.created_at) >= wf.enabledAt)
    .filter((wf) => explainEventMatch(wf.definition.trigger, event).matches)
    .map((wf) => ({ workflowId: wf.id, versionId: wf.versionId, contactId: row.contact_id!, occurrenceKey: eventOccurrenceKey(event), nextAt: now, context }));
  return { starts, replies };
}

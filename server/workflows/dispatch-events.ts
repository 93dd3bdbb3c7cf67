// The event dispatcher: reads domain events through the same gap-free (txid, id) cursor as the realtime hub, one
// dispatcher at a time, and starts runs. Its position is stored, so each committed event is handled exactly once.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { contacts, messages, workflowCursors } from '../db/schema/index.ts';
import type { Services } from '../services.ts';
import { cursorAfter, isQuietMessage, readEventsAfter, type EventCursor, type StoredEvent } from '../events/read-events.ts';
import { complaintDetector } from '../complaints/index.ts';
import { type ComplaintDetector, eventOccurrenceKey, explainEventMatch, type DomainEvent } from '../../workflows/index.ts';
import { answerWaitingRuns, scoreComplaint } from './inbound-effects.ts';
import { activeWorkflows, startRuns, type ActiveWorkflow, type RunStart } from './start-runs.ts';

const CURSOR = 'domain-events';

export interface DispatchResult {
  events: number;
  runsStarted: number;
  repliesRecorded: number;
}

export async function dispatchEvents(services: Pick<Services, 'database' | 'now'>, options: { batch?: number } = {}): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, runsStarted: 0, repliesRecorded: 0 };
  // Loaded once per pass, outside the transaction: the model retrained by the worker is picked up on the next pass.
  const detector = await complaintDetector(services.database);
  for (;;) {
    const batch = await services.database.db.transaction((tx) => dispatchBatch(tx, services.now(), options.batch ?? 200, detector));
    result.events += batch.events;
    result.runsStarted += batch.runsStarted;
    result.repliesRecorded += batch.repliesRecorded;
    if (batch.events < (options.batch ?? 200)) return result;
  }
}

/** The stored position, `<txid>:<id>`; none yet means from the first event. */
const parseCursor = (value: string | null | undefined): EventCursor => {
  const [txid, id] = (value ?? '').split(':');
  return txid && id ? { txid, id: Number(id) } : { txid: '0', id: 0 };
};

async function dispatchBatch(tx: Tx, now: Date, limit: number, detector: ComplaintDetector): Promise<DispatchResult> {
  await tx.insert(workflowCursors).values({ name: CURSOR }).onConflictDoNothing();
  // The row lock makes dispatchers take turns, across processes too.
  const [cursor] = await tx.select().from(workflowCursors).where(eq(workflowCursors.name, CURSOR)).for('update');
  const events = await readEventsAfter(tx, parseCursor(cursor!.value), limit);
  const result: DispatchResult = { events: events.length, runsStarted: 0, repliesRecorded: 0 };
  if (events.length === 0) return result;
  const eventWorkflows = await activeWorkflows(tx, 'event');
  for (const event of events) {
    const { starts, replies } = await handleEvent(tx, event, eventWorkflows, now, detector);
    result.runsStarted += await startRuns(tx, starts, now);
    result.repliesRecorded += replies;
  }
  const last = cursorAfter(events.at(-1)!);
  await tx
    .update(workflowCursors)
    .set({ value: `${last.txid}:${last.id}` })
    .where(eq(workflowCursors.name, CURSOR));
  return result;
}

async function handleEvent(tx: Tx, row: StoredEvent, eventWorkflows: ActiveWorkflow[], now: Date, detector: ComplaintDetector): Promise<{ starts: RunStart[]; replies: number }> {
  if (!row.contactId) return { starts: [], replies: 0 };
  const payload = row.payload ?? {};
  const event: DomainEvent = {
    type: row.type,
    id: String(row.id),
    contactId: row.contactId,
    causedByAutomation: row.causedByAutomation,
    label: typeof payload.label === 'string' ? payload.label : undefined,
    // The writer's clock when it says (orders and tracked events do), so a backfill is judged against the app's time.
    recordedAt: typeof payload.recordedAt === 'string' ? new Date(payload.recordedAt) : row.createdAt,
    ...valueEventFields(row.type, payload),
  };
  const context: Record<string, unknown> = { conversationId: row.conversationId ?? undefined, eventId: String(row.id), label: event.label, ...valueEventVars(row.type, payload) };
  let replies = 0;
  if (row.type === 'message.received' && row.messageId) {
    const [message] = await tx.select({ id: messages.id, text: messages.text, conversationId: messages.conversationId }).from(messages).where(eq(messages.id, row.messageId));
    if (!message) return { starts: [], replies: 0 };
    const quiet = isQuietMessage(row);
    event.message = { channel: String(payload.channelKind ?? 'api') as 'api', autoReply: Boolean(payload.autoReply), history: Boolean(payload.history) };
    let complaintScore: number | undefined;
    if (!quiet) {
      const [contact] = await tx.select({ language: contacts.language }).from(contacts).where(eq(contacts.id, row.contactId));
      const scored = await scoreComplaint(tx, detector, message, contact?.language ?? null);
      complaintScore = scored.score;
      // The language the customer wrote in, for contacts whose profile has none (an answer in kind).
      context.messageLanguage = scored.language;
      replies = await answerWaitingRuns(tx, row.contactId, message, now);
    }
    context.messageId = message.id;
    context.message = { text: message.text, channel: event.message.channel, autoReply: event.message.autoReply, complaintScore };
  }
  const starts = eventWorkflows
    .filter((wf) => !wf.enabledAt || row.createdAt >= wf.enabledAt)
    .filter((wf) => explainEventMatch(wf.definition.trigger, event).matches)
    .map((wf) => ({ workflowId: wf.id, versionId: wf.versionId, contactId: row.contactId!, occurrenceKey: eventOccurrenceKey(event), nextAt: now, context }));
  return { starts, replies };
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The customer-value events' payloads (written in store-orders, track-events, recompute-rfm) as the trigger reads them. */
function valueEventFields(type: string, payload: Record<string, unknown>): Pick<DomainEvent, 'order' | 'tracked' | 'rfm'> {
  if (type === 'order.placed') {
    const amount = text(payload.amount);
    return { order: { nth: Number(payload.nth), amount: amount === undefined ? null : Number(amount), placedAt: new Date(String(payload.placedAt)) } };
  }
  if (type === 'event.tracked') {
    const properties = payload.properties && typeof payload.properties === 'object' ? (payload.properties as Record<string, unknown>) : {};
    return { tracked: { name: String(payload.name), properties, occurredAt: new Date(String(payload.occurredAt)) } };
  }
  if (type === 'rfm.segment_changed') return { rfm: { from: text(payload.from) ?? null, to: String(payload.to) } };
  return {};
}

/** What a template of the run may show of the event that started it: `{{vars.orderTotal}}`, `{{vars.eventName}}` … */
function valueEventVars(type: string, payload: Record<string, unknown>): { vars?: Record<string, unknown> } {
  if (type === 'order.placed') return { vars: { orderId: payload.externalId, orderTotal: payload.total, orderCurrency: payload.currency, orderNumber: payload.nth } };
  if (type === 'event.tracked') return { vars: { eventName: payload.name, ...flatProperties(payload.properties) } };
  if (type === 'rfm.segment_changed') return { vars: { rfmSegment: payload.to, rfmPreviousSegment: payload.from } };
  return {};
}

/** A tracked event's scalar properties as `event_<key>` variables (`cart_url` → `{{vars.event_cart_url}}`). */
function flatProperties(properties: unknown): Record<string, unknown> {
  if (!properties || typeof properties !== 'object') return {};
  return Object.fromEntries(
    Object.entries(properties as Record<string, unknown>)
      .filter(([key, value]) => /^[A-Za-z_]\w*$/.test(key) && ['string', 'number', 'boolean'].includes(typeof value))
      .map(([key, value]) => [`event_${key}`, value]),
  );
}

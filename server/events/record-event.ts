// Writes a domain event row in the caller's transaction. Listeners read committed rows (see read-events.ts);
// `transact` wakes them after commit, outside the transaction, so commits never queue behind NOTIFY's global lock.
import type { Database, DbOrTx, Tx } from '../db/client.ts';
import { insertRows } from '../db/insert-rows.ts';
import { domainEvents } from '../db/schema/index.ts';
import type { DomainEventType } from '../realtime/event-types.ts';

/** A domain event as a writer records it (the rules core reads committed ones as `DomainEvent`, workflows/triggers/event.ts). */
export interface EventToRecord {
  type: DomainEventType;
  contactId?: string | null;
  conversationId?: string | null;
  messageId?: string | null;
  causedByAutomation?: boolean;
  payload?: Record<string, unknown>;
}

export async function recordEvent(tx: DbOrTx, event: EventToRecord): Promise<void> {
  await recordEvents(tx, [event]);
}

/** Several events in one statement (one round trip on the ingest hot path). */
export async function recordEvents(tx: DbOrTx, events: EventToRecord[]): Promise<void> {
  if (!events.length) return;
  await tx.execute(
    insertRows(
      domainEvents,
      events.map((event) => ({
        type: event.type,
        contactId: event.contactId ?? null,
        conversationId: event.conversationId ?? null,
        messageId: event.messageId ?? null,
        causedByAutomation: event.causedByAutomation ?? false,
        payload: event.payload ?? {},
      })),
    ),
  );
}

/** A transaction whose events wake every process's listeners once it has committed. */
export async function transact<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await database.db.transaction(fn);
  database.wake();
  return result;
}

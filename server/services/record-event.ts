// Writes a domain event row and a NOTIFY in the caller's transaction: listeners hear it only after commit.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { domainEvents } from '../db/schema/index.ts';

export const EVENTS_CHANNEL = 'ulak_events';

export interface DomainEvent {
  type: string;
  contactId?: string | null;
  conversationId?: string | null;
  messageId?: string | null;
  causedByAutomation?: boolean;
  payload?: Record<string, unknown>;
}

export async function recordEvent(tx: DbOrTx, event: DomainEvent): Promise<void> {
  const [row] = await tx
    .insert(domainEvents)
    .values({
      type: event.type,
      contactId: event.contactId ?? null,
      conversationId: event.conversationId ?? null,
      messageId: event.messageId ?? null,
      causedByAutomation: event.causedByAutomation ?? false,
      payload: event.payload ?? {},
    })
    .returning({ id: domainEvents.id });
  await notify(tx, { id: row!.id, type: event.type, contactId: event.contactId, conversationId: event.conversationId, messageId: event.messageId });
}

/** A small realtime-only notification (no event row), e.g. channel health. */
export async function notify(tx: DbOrTx, payload: Record<string, unknown>): Promise<void> {
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(payload)})`);
}

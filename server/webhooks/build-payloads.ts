// The JSON body of each webhook event: `{ id, type, timestamp, data }` with a snapshot of the message, conversation or contact.
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { contactIdentities, contacts, conversations, messages } from '../db/schema/index.ts';
import type { StoredEvent } from '../events/read-events.ts';
import { serializeMessages } from '../conversations/serialize-message.ts';
import { webhookIdFor } from './sign-delivery.ts';
import { IDENTITY_ORDER } from '../contacts/identities-of.ts';
import type { WebhookEventType } from './event-catalog.ts';

export interface MappedEvent {
  event: StoredEvent;
  type: WebhookEventType;
}

const ids = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v))];

/**
 * Snapshots are read when the event is fanned out (soon after it happened) and frozen into the delivery, so retries
 * and replays send the same bytes and the signature a receiver saw stays valid for them.
 */
export async function buildPayloads(db: Db, mapped: MappedEvent[]): Promise<Map<number, string>> {
  const messageIds = ids(mapped.filter((m) => m.type.startsWith('message.')).map((m) => m.event.messageId));
  const conversationIds = ids(mapped.filter((m) => m.type.startsWith('conversation.')).map((m) => m.event.conversationId));
  const contactIds = ids(mapped.filter((m) => m.type.startsWith('contact.')).map((m) => m.event.contactId));
  const messageRows = messageIds.length ? await db.select().from(messages).where(inArray(messages.id, messageIds)) : [];
  const messageViews = new Map((await serializeMessages(db, messageRows)).map((m) => [m.id, m]));
  const conversationRows = conversationIds.length ? await db.select().from(conversations).where(inArray(conversations.id, conversationIds)) : [];
  const conversationViews = new Map(conversationRows.map((c) => [c.id, conversationView(c)]));
  const contactRows = contactIds.length ? await db.select().from(contacts).where(inArray(contacts.id, contactIds)) : [];
  const identityRows = contactIds.length
    ? await db
        .select()
        .from(contactIdentities)
        .where(inArray(contactIdentities.contactId, contactIds))
        .orderBy(...IDENTITY_ORDER)
    : [];
  const contactViews = new Map(
    contactRows.map((c) => [
      c.id,
      contactView(
        c,
        identityRows.filter((i) => i.contactId === c.id),
      ),
    ]),
  );

  const bodies = new Map<number, string>();
  for (const { event, type } of mapped) {
    const base = { conversationId: event.conversationId, contactId: event.contactId };
    let data: Record<string, unknown>;
    if (type.startsWith('message.')) {
      data = {
        ...base,
        message: messageViews.get(event.messageId ?? '') ?? { id: event.messageId },
        ...(type === 'message.status_changed' ? { status: event.payload.status, errorCode: event.payload.code ?? null } : {}),
        ...(type === 'message.updated' ? { changed: messageChanges(event.payload) } : {}),
      };
    } else if (type.startsWith('conversation.')) {
      data = {
        ...base,
        conversation: conversationViews.get(event.conversationId ?? '') ?? { id: event.conversationId },
        changed: event.payload.changed ?? (event.type === 'conversation.reopened' ? ['status'] : []),
      };
    } else if (type.startsWith('contact.')) {
      data = {
        contact: contactViews.get(event.contactId ?? '') ?? { id: event.contactId },
        ...(type === 'contact.merged' ? { mergedFrom: event.payload.mergedFrom } : {}),
        // The fields an edit or a consent changed; an import, an erasure or an undone merge names none.
        ...(type === 'contact.updated' ? { changed: event.payload.changed ?? [] } : {}),
      };
    } else {
      // The writer's payload is the data: campaign outcomes stand alone; customer value events (orders, segments, churn
      // risk) and workflow run outcomes (server/workflows/run-outcomes.ts) say whose they are.
      data = event.contactId ? { contactId: event.contactId, ...event.payload } : { ...event.payload };
    }
    bodies.set(event.id, JSON.stringify({ id: webhookIdFor(event.id), type, timestamp: event.createdAt.toISOString(), data }));
  }
  return bodies;
}

/** What a `message.updated` changed, from what its writer recorded: an edit, a reaction, a pending file that arrived. */
function messageChanges(payload: Record<string, unknown>): string[] {
  return [payload.edit ? 'text' : null, payload.reaction ? 'reactions' : null, payload.attachment ? 'attachments' : null].filter((c): c is string => !!c);
}

function conversationView(c: typeof conversations.$inferSelect) {
  return {
    id: c.id,
    contactId: c.contactId,
    status: c.status,
    priority: c.priority,
    assigneeId: c.assigneeId,
    teamId: c.teamId,
    labels: c.labels,
    channelId: c.channelId,
    subject: c.subject,
    snoozedUntil: c.snoozedUntil,
    lastActivityAt: c.lastActivityAt,
    resolvedAt: c.resolvedAt,
    createdAt: c.createdAt,
  };
}

function contactView(c: typeof contacts.$inferSelect, identities: Array<typeof contactIdentities.$inferSelect>) {
  // An erased contact's snapshot carries no personal data, whatever its row still holds.
  if (c.erasedAt) return { id: c.id, erased: true };
  return {
    id: c.id,
    name: c.name,
    identities: identities.map((i) => ({ kind: i.kind, value: i.value })),
    language: c.language,
    timeZone: c.timeZone,
    preferredChannel: c.preferredChannel,
    labels: c.labels,
    attributes: c.attributes,
    firstSeenAt: c.firstSeenAt,
    lastInboundAt: c.lastInboundAt,
    conversationCount: c.conversationCount,
  };
}

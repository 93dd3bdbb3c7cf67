// GDPR access and portability: everything Ulak holds about one contact, and to whom it passed their data.
import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import {
  assistCalls,
  attachments,
  campaignRecipients,
  campaigns,
  consents,
  contactIdentities,
  contactMerges,
  contacts,
  contactValue,
  conversations,
  customerEvents,
  messageEngagements,
  messages,
  orders,
  satisfactionResponses,
  suppressions,
  webhookDeliveries,
  webhookSubscriptions,
  workflowRuns,
  workflows,
} from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import { absorbedContactIds } from './absorbed-contacts.ts';

export async function exportContact(database: Database, id: string) {
  const db = database.db;
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, id));
  if (!contact) throw notFound('contact');
  const { searchVector: _, ...profile } = contact;
  const msgs = await db.select().from(messages).where(eq(messages.contactId, id)).orderBy(messages.seq);
  const messageIds = msgs.map((m) => m.id);
  const threads = await db.select().from(conversations).where(eq(conversations.contactId, id));
  const conversationIds = threads.map((c) => c.id);
  const identities = await db.select().from(contactIdentities).where(eq(contactIdentities.contactId, id));
  const addresses = identities.filter((i) => i.kind === 'email' || i.kind === 'phone');
  // Contacts merged into this one: deliveries and merges recorded under their ids before the merge are this person's.
  const ids = [id, ...(await absorbedContactIds(db, id))];
  return {
    exportedAt: new Date().toISOString(),
    contact: profile,
    identities,
    consents: await db.select().from(consents).where(eq(consents.contactId, id)),
    suppressions: addresses.length
      ? await db
          .select()
          .from(suppressions)
          .where(or(...addresses.map((a) => and(eq(suppressions.kind, a.kind as 'email' | 'phone'), eq(suppressions.value, a.value)))))
      : [],
    conversations: threads,
    messages: msgs.map(({ searchVector: _v, ...m }) => m),
    attachments: messageIds.length ? await db.select().from(attachments).where(inArray(attachments.messageId, messageIds)).orderBy(attachments.messageId, attachments.position) : [],
    // Opens and clicks of the marketing email they were sent.
    engagements: messageIds.length ? await db.select().from(messageEngagements).where(inArray(messageEngagements.messageId, messageIds)) : [],
    orders: await db.select().from(orders).where(eq(orders.contactId, id)).orderBy(asc(orders.placedAt)),
    trackedEvents: await db.select().from(customerEvents).where(eq(customerEvents.contactId, id)).orderBy(asc(customerEvents.occurredAt)),
    // What Ulak computed about them (profiling): spend, RFM segment, predicted value, churn risk.
    value: (await db.select().from(contactValue).where(eq(contactValue.contactId, id))).at(0) ?? null,
    satisfaction: await db.select().from(satisfactionResponses).where(eq(satisfactionResponses.contactId, id)),
    campaigns: await db
      .select({ campaignId: campaignRecipients.campaignId, campaign: campaigns.name, status: campaignRecipients.status, reason: campaignRecipients.reason, sentAt: campaignRecipients.sentAt })
      .from(campaignRecipients)
      .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
      .where(eq(campaignRecipients.contactId, id)),
    workflowRuns: await db
      .select({ workflowId: workflowRuns.workflowId, workflow: workflows.name, status: workflowRuns.status, startedAt: workflowRuns.startedAt, completedAt: workflowRuns.completedAt })
      .from(workflowRuns)
      .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
      .where(eq(workflowRuns.contactId, id)),
    merges: await db
      .select()
      .from(contactMerges)
      .where(or(inArray(contactMerges.intoId, ids), inArray(contactMerges.fromId, ids))),
    // Recipients of their data: the webhook receivers sent events about them, and the assistance model's calls.
    webhookDeliveries: await db
      .select({
        url: webhookSubscriptions.url,
        eventId: webhookDeliveries.eventId,
        eventType: webhookDeliveries.eventType,
        status: webhookDeliveries.status,
        createdAt: webhookDeliveries.createdAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookSubscriptions, eq(webhookSubscriptions.id, webhookDeliveries.subscriptionId))
      .where(inArray(webhookDeliveries.orderKey, [...ids.map((c) => `contact:${c}`), ...conversationIds.map((c) => `conversation:${c}`)]))
      .orderBy(asc(webhookDeliveries.seq)),
    assistCalls: conversationIds.length ? await db.select().from(assistCalls).where(inArray(assistCalls.conversationId, conversationIds)) : [],
  };
}

// Creates a batch of campaign messages in one transaction: conversations, queued messages, events, recipient rows.
// The marketing lane (server/outbound/marketing-lane.ts) claims and sends them; they get no per-message job.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RenderedMessage } from '../../workflows/templates/render.ts';
import type { Tx } from '../db/client.ts';
import { tsParam } from '../db/client.ts';
import { contacts, messages } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { messageSearchText } from '../lib/fold-text.ts';
import { conversationsForContacts } from '../conversations/conversation-for-contact.ts';
import { recordEvents, transact } from '../events/record-event.ts';
import type { PolicyChannel, SendDeps } from './recipient-decision.ts';

export interface PlannedMessage {
  recipientId: string;
  contactId: string;
  channel: PolicyChannel;
  to: { kind: string; value: string };
  rendered: RenderedMessage;
}

/**
 * What createReply does for one message, done for a batch: one reply transaction per message measured about
 * 40 ms on PGlite, far too slow for a 10,000-contact campaign. The guarantees are the same: a queued marketing
 * message is always picked up (the lane claims every one), and the occurrence key `campaign:<id>:<contactId>` as
 * idempotency key makes a retried batch find its messages instead of sending twice.
 */
export async function sendCampaignBatch(deps: SendDeps, campaignId: string, planned: PlannedMessage[]): Promise<void> {
  if (!planned.length) return;
  const now = deps.now();
  await transact(deps.database, async (tx) => {
    const conversationOf = await conversationsForContacts(
      tx,
      planned.map((p) => ({ contactId: p.contactId, channelId: p.channel.id, subject: p.rendered.subject ?? null, causedByAutomation: true })),
      now,
    );
    const key = (contactId: string) => `campaign:${campaignId}:${contactId}`;
    const inserted = await tx
      .insert(messages)
      .values(planned.map((p) => ({ ...messageValues(p, campaignId, now), conversationId: conversationOf.get(p.contactId)!, idempotencyKey: key(p.contactId) })))
      .onConflictDoNothing()
      .returning({ id: messages.id, contactId: messages.contactId, conversationId: messages.conversationId });
    // Messages that already existed (a batch retried after a crash) are linked, not sent again.
    const earlier =
      inserted.length === planned.length
        ? []
        : await tx
            .select({ id: messages.id, contactId: messages.contactId })
            .from(messages)
            .where(
              and(
                eq(messages.direction, 'out'),
                inArray(
                  messages.idempotencyKey,
                  planned.map((p) => key(p.contactId)),
                ),
              ),
            );
    const messageOf = new Map([...earlier, ...inserted].map((m) => [m.contactId, m.id]));
    await touchConversations(tx, planned, conversationOf, now);
    await tx
      .update(contacts)
      .set({ lastOutboundAt: now })
      .where(
        inArray(
          contacts.id,
          inserted.map((m) => m.contactId),
        ),
      );
    await recordEvents(
      tx,
      inserted.map((m) => ({ type: 'message.created', contactId: m.contactId, conversationId: m.conversationId, messageId: m.id, causedByAutomation: true, payload: { private: false, campaignId } })),
    );
    await tx.execute(sql`
      update campaign_recipients r set status = 'sent', reason = null, message_id = v.message_id, channel_id = v.channel_id, sent_at = ${tsParam(now)}, updated_at = ${tsParam(now)}
      from unnest(${sqlArray(
        planned.map((p) => p.recipientId),
        'uuid',
      )}, ${sqlArray(
        planned.map((p) => messageOf.get(p.contactId)),
        'uuid',
      )}, ${sqlArray(
        planned.map((p) => p.channel.id),
        'uuid',
      )})
        as v(id, message_id, channel_id)
      where r.id = v.id`);
  });
}

function messageValues(p: PlannedMessage, campaignId: string, now: Date) {
  const email = p.channel.kind === 'email' ? emailHeaders(p) : {};
  return {
    contactId: p.contactId,
    channelId: p.channel.id,
    direction: 'out' as const,
    senderType: 'automation' as const,
    text: p.rendered.body,
    status: 'queued' as const,
    causedByAutomation: true,
    purpose: 'marketing' as const,
    // The lane re-checks this campaign's state when it claims the message (paused: held; cancelled: not sent).
    metadata: { to: p.to, campaignId },
    searchText: messageSearchText(p.rendered.body),
    sentAt: now,
    ...email,
  };
}

/** A campaign email starts its own thread: our Message-ID, the template's subject. */
function emailHeaders(p: PlannedMessage) {
  const domain = String(p.channel.config?.fromAddress ?? 'ulak@localhost').split('@')[1] ?? 'localhost';
  return { emailMessageId: `<${crypto.randomUUID()}@${domain}>`, subject: p.rendered.subject ?? null };
}

async function touchConversations(tx: Tx, planned: PlannedMessage[], conversationOf: Map<string, string>, now: Date) {
  const ids = planned.map((p) => conversationOf.get(p.contactId)!);
  const previews = planned.map((p) => p.rendered.body.replace(/\s+/g, ' ').trim().slice(0, 160));
  await tx.execute(sql`
    update conversations c set last_activity_at = ${tsParam(now)}, last_message_preview = v.preview, last_message_direction = 'out', unread_count = 0, updated_at = ${tsParam(now)}
    from unnest(${sqlArray(ids, 'uuid')}, ${sqlArray(previews, 'text')}) as v(id, preview)
    where c.id = v.id`);
}

// Creates a batch of campaign messages in one transaction: conversations, the messages (through queueOutbound), recipient rows.
// The marketing lane (server/outbound/marketing-lane.ts) claims and sends them; they get no per-message job.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { RenderedMessage } from '../../workflows/templates/render.ts';
import { tsParam } from '../db/client.ts';
import { messages } from '../db/schema/index.ts';
import { sqlArray } from '../db/sql-array.ts';
import { conversationsForContacts } from '../conversations/conversation-for-contact.ts';
import { transact } from '../events/record-event.ts';
import { queueOutbound } from '../outbound/queue-outbound.ts';
import { campaignSubject } from './email-subject.ts';
import { messageBody } from '../outbound/message-body.ts';
import { trackingPlan } from '../tracking/index.ts';
import type { TrackingSettings } from '../db/schema/index.ts';
import type { PolicyChannel, CampaignSendDeps } from './recipient-decision.ts';

export interface PlannedMessage {
  recipientId: string;
  contactId: string;
  channel: PolicyChannel;
  to: { kind: string; value: string };
  rendered: RenderedMessage;
}

/**
 * One transaction per batch (one reply transaction per message measured about 40 ms on PGlite, far too slow for a
 * 10,000-contact campaign). A queued marketing message is always picked up (the lane claims every one), and the
 * occurrence key `campaign:<id>:<contactId>` as idempotency key makes a retried batch find its messages instead of
 * sending twice.
 */
export interface BatchCampaign {
  id: string;
  name: string;
  format: 'text' | 'html' | null;
}

export async function sendCampaignBatch(deps: CampaignSendDeps, campaign: BatchCampaign, tracking: TrackingSettings, planned: PlannedMessage[]): Promise<void> {
  if (!planned.length) return;
  const now = deps.now();
  const campaignId = campaign.id;
  const plan = trackingPlan(tracking, campaign.name);
  const subjectOf = (p: PlannedMessage) => campaignSubject(p.rendered.subject, campaign.name, p.channel.kind);
  await transact(deps.database, async (tx) => {
    const conversationOf = await conversationsForContacts(
      tx,
      planned.map((p) => ({ contactId: p.contactId, channelId: p.channel.id, subject: subjectOf(p) ?? null, causedByAutomation: true })),
      now,
    );
    const key = (contactId: string) => `campaign:${campaignId}:${contactId}`;
    const queued = await queueOutbound(
      tx,
      planned.map((p) => ({
        conversationId: conversationOf.get(p.contactId)!,
        contactId: p.contactId,
        channel: p.channel,
        to: p.to,
        ...messageBody(p.rendered.body, { format: campaign.format, email: p.channel.kind === 'email' }),
        subject: subjectOf(p),
        tracking: plan,
        senderType: 'automation',
        causedByAutomation: true,
        purpose: 'marketing',
        campaignId,
        idempotencyKey: key(p.contactId),
      })),
      { jobs: deps.jobs, now },
    );
    // Messages that already existed (a batch retried after a crash) are linked, not sent again.
    const missing = planned.filter((_, i) => !queued[i]);
    const earlier = missing.length
      ? await tx
          .select({ id: messages.id, contactId: messages.contactId })
          .from(messages)
          .where(
            and(
              eq(messages.direction, 'out'),
              inArray(
                messages.idempotencyKey,
                missing.map((p) => key(p.contactId)),
              ),
            ),
          )
      : [];
    const messageOf = new Map([...earlier, ...queued.flatMap((m) => (m ? [m] : []))].map((m) => [m.contactId, m.id]));
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

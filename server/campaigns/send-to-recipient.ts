// One recipient at send time: the workflow guards decide send / defer / skip; a send goes through createReply.
import { eq } from 'drizzle-orm';
import type { ChannelKind } from '../../connectors/channel.ts';
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { planCampaignSend } from '../../workflows/campaigns/plan-campaign.ts';
import type { StepDecision } from '../../workflows/engine/decision.ts';
import type { ContactFacts } from '../../workflows/facts.ts';
import type { Database } from '../db/client.ts';
import { campaignRecipients } from '../db/schema/index.ts';
import { AppError } from '../errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { conversationForContact } from '../services/conversation-for-contact.ts';
import { createReply } from '../services/create-reply.ts';

export interface SendDeps {
  database: Database;
  jobs: JobQueue;
  now(): Date;
}

export interface PolicyChannel {
  id: string;
  kind: ChannelKind;
}

export type RecipientOutcome = 'sent' | 'deferred' | 'skipped' | 'failed';

export interface RecipientContext {
  campaignId: string;
  recipientId: string;
  definition: Campaign;
  contact: ContactFacts;
  /** The campaign's channel accounts, in policy order. */
  channels: PolicyChannel[];
  workspaceZone: string;
  recentAutomatedSends: Date[];
}

/** What the guards say for this contact now, limited to the identities the campaign's channels can reach. */
export function decide(ctx: RecipientContext, now: Date): StepDecision {
  const contact = { ...ctx.contact, identities: reachableIdentities(ctx.contact, ctx.channels) };
  return planCampaignSend(ctx.definition, { contact, now }, { workspaceZone: ctx.workspaceZone, recentAutomatedSends: ctx.recentAutomatedSends });
}

/** The channel account a decision's channel kind maps to (API identities name their channel account). */
export function channelFor(decision: Extract<StepDecision, { do: 'send' }>, channels: PolicyChannel[]): PolicyChannel | undefined {
  return channels.find((c) => c.kind === decision.channel.kind && (c.kind !== 'api' || decision.channel.identity.value.startsWith(`${c.id}:`)));
}

/** Carries out a decision for one recipient and records the outcome on its row. */
export async function applyDecision(deps: SendDeps, ctx: RecipientContext, decision: StepDecision, channel: PolicyChannel | undefined): Promise<RecipientOutcome> {
  const now = deps.now();
  const update = (values: Partial<typeof campaignRecipients.$inferInsert>) =>
    deps.database.db.update(campaignRecipients).set({ ...values, updatedAt: now }).where(eq(campaignRecipients.id, ctx.recipientId));
  if ('skip' in decision) {
    await update({ status: 'skipped', reason: skipReason(decision, ctx.contact) });
    return 'skipped';
  }
  if (decision.do === 'defer') {
    // Deferred, not dropped: the row falls due again when quiet hours end in the contact's zone.
    await update({ status: 'deferred', reason: decision.reason, dueAt: decision.until });
    return 'deferred';
  }
  if (decision.do !== 'send' || !channel) {
    await update({ status: 'skipped', reason: 'no-channel' });
    return 'skipped';
  }
  try {
    const conversation = await conversationForContact(deps, { contactId: ctx.contact.id, channelId: channel.id, subject: decision.rendered.subject, causedByAutomation: true });
    const message = await createReply(deps, {
      conversationId: conversation.id,
      channelId: channel.id,
      text: decision.rendered.body,
      senderType: 'automation',
      causedByAutomation: true,
      // The occurrence key: a retried tick finds the existing message instead of sending again.
      idempotencyKey: `campaign:${ctx.campaignId}:${ctx.contact.id}`,
    });
    await update({ status: 'sent', reason: null, messageId: message.id, channelId: channel.id, sentAt: now });
    return 'sent';
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await update({ status: 'failed', reason: error.code, channelId: channel.id });
    return 'failed';
  }
}

/** An opt-out is reported as such, so the campaign stats show who said no rather than who never said yes. */
function skipReason(decision: Extract<StepDecision, { skip: string }>, contact: ContactFacts): string {
  if (decision.skip === 'no-consent' && Object.values(contact.consents ?? {}).some((c) => c?.status === 'opted_out')) return 'opted-out';
  return decision.skip;
}

const IDENTITY_FOR: Record<ChannelKind, string> = { email: 'email', sms: 'phone', whatsapp: 'whatsapp', telegram: 'telegram', api: 'api' };

function reachableIdentities(contact: ContactFacts, channels: PolicyChannel[]): ContactFacts['identities'] {
  return (contact.identities ?? []).filter((identity) =>
    channels.some((c) => IDENTITY_FOR[c.kind] === identity.kind && (c.kind !== 'api' || identity.value.startsWith(`${c.id}:`))),
  );
}

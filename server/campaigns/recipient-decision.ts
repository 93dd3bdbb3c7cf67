// One recipient at send time: the workflow guards decide send / defer / skip, over the campaign's channels only.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { planCampaignSend } from '../../workflows/campaigns/plan-campaign.ts';
import type { StepDecision } from '../../workflows/engine/decision.ts';
import type { ContactFacts } from '../../workflows/facts.ts';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { ownIdentityKind } from '../../connectors/channel-kinds.ts';

export interface SendDeps {
  database: Database;
  jobs: JobQueue;
  now(): Date;
}

export interface PolicyChannel {
  id: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
}

export interface RecipientContext {
  definition: Campaign;
  contact: ContactFacts;
  /** The campaign's channel accounts, in policy order. */
  channels: PolicyChannel[];
  workspaceZone: string;
  recentAutomatedSends: Date[];
}

/** What the guards say for this contact now, limited to the identities the campaign's channels can reach. */
export function decide(ctx: RecipientContext, now: Date): StepDecision {
  const contact = { ...ctx.contact, identities: (ctx.contact.identities ?? []).filter((i) => ctx.channels.some((c) => reaches(c, i))) };
  return planCampaignSend(ctx.definition, { contact, now }, { workspaceZone: ctx.workspaceZone, recentAutomatedSends: ctx.recentAutomatedSends });
}

/** The channel account a send decision goes out on (API identities name their channel account). */
export function channelFor(decision: Extract<StepDecision, { do: 'send' }>, channels: PolicyChannel[]): PolicyChannel | undefined {
  return channels.find((c) => c.kind === decision.channel.kind && reaches(c, decision.channel.identity));
}

/** An opt-out is reported as such, so the stats show who said no rather than who never said yes. */
export function skipReason(decision: Extract<StepDecision, { skip: string }>, contact: ContactFacts): string {
  if (decision.skip === 'no-consent' && Object.values(contact.consents ?? {}).some((c) => c?.status === 'opted_out')) return 'opted-out';
  if (decision.skip === 'no-consent' && (contact.identities ?? []).some((i) => i.suppressed)) return 'suppressed';
  return decision.skip;
}

function reaches(channel: PolicyChannel, identity: { kind: string; value: string }): boolean {
  return ownIdentityKind(channel.kind) === identity.kind && (channel.kind !== 'api' || identity.value.startsWith(`${channel.id}:`));
}

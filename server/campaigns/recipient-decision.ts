// One recipient at send time: the workflow guards decide send / defer / skip, over the campaign's channels only.
import type { ChannelKind } from '../../connectors/channel.ts';
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { planCampaignSend } from '../../workflows/campaigns/plan-campaign.ts';
import type { StepDecision } from '../../workflows/engine/decision.ts';
import type { ContactFacts, Facts } from '../../workflows/facts.ts';
import { inArray } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.ts';
import { channels } from '../db/schema/index.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { ownIdentityKind } from '../../connectors/channel-kinds.ts';

export interface CampaignSendDeps {
  database: Database;
  jobs: JobQueue;
  now(): Date;
}

export interface PolicyChannel {
  id: string;
  kind: ChannelKind;
  config: Record<string, unknown>;
  name?: string;
}

export interface RecipientContext {
  definition: Campaign;
  contact: ContactFacts;
  /** The campaign's channel accounts, in policy order. */
  channels: PolicyChannel[];
  workspaceZone: string;
  /** For `{{workspace.name}}` in the template. */
  workspace?: Facts['workspace'];
  recentAutomatedSends: Date[];
}

/** What the guards say for this contact now, limited to the identities the campaign's channels can reach. */
export function decide(ctx: RecipientContext, now: Date): StepDecision {
  const contact = campaignContact(ctx.contact, ctx.channels);
  return planCampaignSend(ctx.definition, { contact, now, ...(ctx.workspace && { workspace: ctx.workspace }) }, { workspaceZone: ctx.workspaceZone, recentAutomatedSends: ctx.recentAutomatedSends });
}

/** The contact as the campaign sees them: only the identities its channel accounts can reach. */
export function campaignContact(contact: ContactFacts, channels: PolicyChannel[]): ContactFacts {
  return { ...contact, identities: (contact.identities ?? []).filter((i) => channels.some((c) => reaches(c, i))) };
}

/** The campaign's active channel accounts, in the order the campaign lists them. */
export async function loadPolicyChannels(db: DbOrTx, ids: string[]): Promise<PolicyChannel[]> {
  if (!ids.length) return [];
  const rows = await db.select({ id: channels.id, kind: channels.kind, name: channels.name, config: channels.config, active: channels.active }).from(channels).where(inArray(channels.id, ids));
  return ids.flatMap((id) => rows.filter((r) => r.id === id && r.active).map((r) => ({ id: r.id, kind: r.kind, name: r.name, config: r.config })));
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

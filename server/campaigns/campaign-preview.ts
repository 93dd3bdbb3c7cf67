// A campaign's dry run before Start: audience, who is reachable on which channel, who is skipped and why, a rendered
// sample and the template check. Each contact goes through the workflows' dry run at their own planned send time.
import { campaignSubject } from './email-subject.ts';
import type { Campaign } from '../../workflows/campaigns/model.ts';
import { campaignAsWorkflow, planCampaign } from '../../workflows/campaigns/plan-campaign.ts';
import { type TemplateCheck, TemplateCheckTally } from '../../workflows/campaigns/template-check.ts';
import { holdout } from '../../workflows/guards/holdout.ts';
import { dryRun, type DryRunResult, renderLanguages, type StepDecision } from '../../workflows/engine/index.ts';
import type { ContactFacts, Facts } from '../../workflows/facts.ts';
import type { Database, DbOrTx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { type BodyFormat, messageBody } from '../outbound/message-body.ts';
import { recentMarketingSends } from '../outbound/recent-marketing-sends.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import { withResponsiveHours } from './responsive-hours.ts';
import { campaignAudience } from './campaign-audience.ts';
import { campaignDefinition, loadWithTemplate, loadWorkspaceRow } from './campaign-definition.ts';
import { campaignContact, channelFor, loadPolicyChannels, type PolicyChannel, skipReason } from './recipient-decision.ts';

export interface PreviewDeps {
  database: Database;
  now(): Date;
  workspace: { timeZone: string };
}

export interface ChannelSplit {
  channelId: string;
  kind: PolicyChannel['kind'];
  name: string;
  /** Audience members who would get the message on this channel account (quiet-hours deferrals included). */
  recipients: number;
}

export interface CampaignPreview {
  campaignId: string;
  /** The A/B variant whose message the sample and template check show; null for a campaign without variants. */
  variant: string | null;
  at: Date;
  /** Everyone the segment matches now: who Start would fix as recipients. */
  audience: number;
  /** Drawn into the holdout group (the campaign's `holdoutPercent`): never sent, measured for lift. */
  heldOut: number;
  /** Would be messaged, on some channel. */
  reachable: number;
  /** Of those reachable, held until quiet hours end in their zone: sent later, not skipped. */
  deferred: number;
  channels: ChannelSplit[];
  skipped: number;
  skippedByReason: Record<string, number>;
  sample: Awaited<ReturnType<typeof renderSample>> | null;
  templateCheck: TemplateCheck;
}

/** `variant`: an A/B campaign's variant to show (sample and template check); absent, variant A. */
export async function previewCampaign(deps: PreviewDeps, campaignId: string, options: { contactId?: string; variant?: string } = {}): Promise<CampaignPreview> {
  const db = deps.database.db;
  const now = deps.now();
  const row = await loadWithTemplate(db, campaignId, options.variant);
  const ws = await loadWorkspaceRow(db);
  const workspace: Facts['workspace'] = { name: ws.name, timeZone: ws.timeZone };
  const definition = campaignDefinition(row, ws);
  const policy = await loadPolicyChannels(db, row.channelPolicy.channelIds);
  const walk: Walk = { definition, policy, workspace, zone: deps.workspace.timeZone, campaignId, perDays: ws.frequencyCap.perDays, format: row.format };
  const split = new Map(policy.map((c) => [c.id, 0]));
  const skippedByReason: Record<string, number> = {};
  const check = new TemplateCheckTally(definition.template);
  let audience = 0;
  let deferred = 0;
  let heldOut = 0;
  let sampleId: string | undefined;
  let deferredId: string | undefined;
  let firstId: string | undefined;
  for await (const page of campaignAudience(db, campaignId, definition, now, walk.zone)) {
    const recent = await recentMarketingSends(db, [...page.facts.keys()], now, walk.perDays);
    for (const send of page.sends) {
      const contact = page.facts.get(send.contactId)!;
      audience++;
      firstId ??= contact.id;
      if (holdout(campaignId, contact.id, row.holdoutPercent)) {
        heldOut++;
        continue;
      }
      check.add({ contact, now, workspace });
      const outcome = simulate(walk, contact, send.sendAt < now ? now : send.sendAt, recent.get(contact.id) ?? []);
      if ('reason' in outcome) skippedByReason[outcome.reason] = (skippedByReason[outcome.reason] ?? 0) + 1;
      else {
        split.set(outcome.channel.id, split.get(outcome.channel.id)! + 1);
        if (outcome.deferred) deferred++;
        // The sample is someone who gets it now, if anyone does; else someone who gets it after quiet hours.
        if (outcome.deferred) deferredId ??= contact.id;
        else sampleId ??= contact.id;
      }
    }
  }
  const reachable = [...split.values()].reduce((a, b) => a + b, 0);
  const chosen = options.contactId ?? sampleId ?? deferredId ?? firstId;
  return {
    campaignId,
    variant: row.variants ? (options.variant ?? row.variants[0]!.key) : null,
    at: now,
    audience,
    heldOut,
    reachable,
    deferred,
    channels: policy.map((c) => ({ channelId: c.id, kind: c.kind, name: c.name ?? c.kind, recipients: split.get(c.id)! })),
    skipped: audience - heldOut - reachable,
    skippedByReason,
    sample: chosen ? await renderSample(db, walk, chosen, now) : null,
    templateCheck: check.result(),
  };
}

interface Walk {
  definition: Campaign;
  policy: PolicyChannel[];
  workspace: Facts['workspace'];
  zone: string;
  campaignId: string;
  perDays: number;
  /** The campaign's `format`: how its body is sent (HTML for email when it looks like HTML, unless forced). */
  format: BodyFormat | null;
}

type Outcome = { channel: PolicyChannel; deferred: boolean; result: DryRunResult } | { reason: string; result: DryRunResult };

/** The workflows' dry run of the campaign's one send step, with the channel account and skip reason the tick would record. */
function simulate(walk: Walk, contact: ContactFacts, at: Date, recent: Date[]): Outcome {
  const [result] = dryRun(campaignAsWorkflow(walk.definition), [campaignContact(contact, walk.policy)], at, {
    workflowId: walk.campaignId,
    workspaceZone: walk.zone,
    workspace: walk.workspace,
    recentSends: { [contact.id]: recent },
  });
  const sent = result!.log.find((d): d is Extract<StepDecision, { do: 'send' }> => 'do' in d && d.do === 'send');
  if (sent) {
    const channel = channelFor(sent, walk.policy);
    if (!channel) return { reason: 'no-channel', result: result! };
    return { channel, deferred: result!.log.some((d) => 'do' in d && d.do === 'defer'), result: result! };
  }
  const skip = result!.log.find((d): d is Extract<StepDecision, { skip: string }> => 'skip' in d);
  return { reason: skip ? skipReason(skip, contact) : 'no-channel', result: result! };
}

/** One contact's message as they would get it, and in each of the template's languages; any contact may be chosen. */
async function renderSample(db: DbOrTx, walk: Walk, contactId: string, now: Date) {
  const [contact] = await withResponsiveHours(db, walk.definition.schedule, await loadContactFacts(db, [contactId]), now, walk.zone);
  if (!contact) throw new AppError(422, 'unknown_contact', 'That contact does not exist');
  const recent = (await recentMarketingSends(db, [contact.id], now, walk.perDays)).get(contact.id) ?? [];
  const planned = firstPlanned(walk, contact, now);
  const outcome = simulate(walk, contact, planned ?? now, recent);
  const message = outcome.result.messages[0];
  const kind = 'channel' in outcome ? outcome.channel.kind : '';
  const [languages] = renderLanguages(campaignAsWorkflow(walk.definition), { contact, now, workspace: walk.workspace });
  const chosen = languages!.renders.find((r) => r.language === languages!.chosenLanguage)!;
  const sent = messageBody(chosen.body, { format: walk.format, email: kind === 'email' });
  return {
    contactId: contact.id,
    name: contact.name ?? null,
    inAudience: planned !== undefined,
    outcome: 'reason' in outcome ? ('skipped' as const) : outcome.deferred ? ('deferred' as const) : ('sends' as const),
    skipReason: 'reason' in outcome ? outcome.reason : null,
    channel: 'channel' in outcome ? { channelId: outcome.channel.id, kind: outcome.channel.kind, to: message?.to ?? null } : null,
    at: message?.at ?? null,
    language: languages!.chosenLanguage,
    ...pick(chosen),
    // The subject it goes out with on its channel (an email without a template subject takes the campaign's name).
    subject: campaignSubject(chosen.subject, walk.definition.name, kind) ?? null,
    // The body as it is sent: the plain text (an HTML body's text part, or all of it off email), and an email's HTML.
    text: sent.text,
    html: sent.html ?? null,
    renders: languages!.renders,
  };
}

const pick = (r: { subject?: string; body: string; missingVariables: string[] }) => ({ subject: r.subject ?? null, body: r.body, missingVariables: r.missingVariables });

/** When the campaign would message this contact, or undefined when its segment leaves them out. */
function firstPlanned(walk: Walk, contact: ContactFacts, now: Date): Date | undefined {
  const send = planCampaign(walk.campaignId, walk.definition, [{ contact, now }], now, walk.zone).sends[0];
  return send && (send.sendAt < now ? now : send.sendAt);
}

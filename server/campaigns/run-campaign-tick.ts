// The campaign sender's heartbeat: queues due recipients of running campaigns for the marketing lane, at most
// throttle × elapsed seconds per channel. That budget is the campaign's token bucket per channel (refilled at the
// throttle, holding at most MAX_BURST_SECONDS), kept in the database so that several workers share one bucket.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { transition } from '../../workflows/campaigns/lifecycle.ts';
import type { Database } from '../db/client.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { campaignRecipients, campaigns, messages } from '../db/schema/index.ts';
import { loadContactFacts } from '../segments/load-contact-facts.ts';
import { campaignDefinition, type CampaignRow, loadWorkspaceRow, type WorkspaceRow } from './campaign-definition.ts';
import { recentMarketingSends } from '../outbound/recent-marketing-sends.ts';
import { channelFor, decide, loadPolicyChannels, type CampaignSendDeps, skipReason } from './recipient-decision.ts';
import { noOutcomes, recordOutcomes } from './record-outcomes.ts';
import { decideWinnerIfDue } from './decide-winner.ts';
import { type PlannedMessage, sendCampaignBatch } from './send-campaign-batch.ts';

/** A worker that was down does not make up for lost time in one burst: the budget covers at most this much. */
export const MAX_BURST_SECONDS = 5;
/** Recipients per transaction: small enough that an agent reply committing beside a campaign waits a fraction of a second (PGlite has one connection). */
const BATCH = 250;

export interface TickDeps extends CampaignSendDeps {
  workspace: { timeZone: string };
}

export type RecipientOutcome = 'sent' | 'deferred' | 'skipped';
export type TickReport = Record<string, Record<RecipientOutcome, number>>;

export async function runCampaignTick(deps: TickDeps): Promise<TickReport> {
  const active = await deps.database.db
    .select()
    .from(campaigns)
    .where(inArray(campaigns.status, ['running', 'scheduled']));
  const report: TickReport = {};
  await reportFinishedTests(deps);
  if (!active.length) return report;
  const workspace = await loadWorkspaceRow(deps.database.db);
  for (const row of active) {
    const outcome = await tickCampaign(deps, row, workspace);
    if (outcome) report[row.id] = outcome;
  }
  return report;
}

async function tickCampaign(deps: TickDeps, current: CampaignRow, workspace: WorkspaceRow) {
  const db = deps.database.db;
  const row = await decideWinnerIfDue(deps, current);
  const now = deps.now();
  const since = row.lastTickAt ?? row.startedAt ?? now;
  const from = Math.max(since.getTime(), now.getTime() - MAX_BURST_SECONDS * 1000);
  const budget = Math.floor((row.throttlePerSecond * (now.getTime() - from)) / 1000);
  // The bucket's mark moves by the time the whole messages cover, so the fraction left over is spent next tick
  // (moving it to `now` dropped up to one message a tick: 10% of a 10/s throttle).
  const mark = new Date(Math.min(now.getTime(), from + Math.ceil((budget * 1000) / row.throttlePerSecond)));
  if (budget < 1) {
    // No budget yet, but the lane may have sent the last messages since: the campaign can complete now.
    if (row.status === 'running') await completeIfDone(deps.database, row.id, now);
    return null;
  }
  const due = and(eq(campaignRecipients.campaignId, row.id), inArray(campaignRecipients.status, ['queued', 'deferred']), lte(campaignRecipients.dueAt, now));
  if (row.status === 'scheduled') {
    const [first] = await db.select({ id: campaignRecipients.id }).from(campaignRecipients).where(due).limit(1);
    if (!first) {
      // A scheduled campaign whose audience was empty (or all cancelled) has nothing left to wait for.
      await completeIfDone(deps.database, row.id, now);
      return null;
    }
  }
  // Claim this period's budget: of two workers ticking at once, only the one whose update lands sends.
  // A scheduled campaign whose first recipient fell due starts running with this tick.
  const started = row.status === 'scheduled' ? transition(row.status, 'start') : null;
  const [claimed] = await db
    .update(campaigns)
    .set({ lastTickAt: mark, status: started?.ok ? started.status : row.status, updatedAt: now })
    .where(and(eq(campaigns.id, row.id), eq(campaigns.status, row.status), row.lastTickAt ? eq(campaigns.lastTickAt, row.lastTickAt) : sql`${campaigns.lastTickAt} is null`))
    .returning({ id: campaigns.id });
  if (!claimed) return null;

  const policy = await loadPolicyChannels(db, row.channelPolicy.channelIds);
  const left = new Map(policy.map((c) => [c.id, budget]));
  const spent = () => ![...left.values()].some((n) => n > 0);
  const definition = campaignDefinition(row, workspace);
  // Each A/B variant is the campaign with its own template; a recipient is sent the one on their row.
  const variantDefinitions = new Map((row.variants ?? []).map((v) => [v.key as string, campaignDefinition({ ...row, template: v.template ?? row.template }, workspace)]));
  const counts: Record<RecipientOutcome, number> = { sent: 0, deferred: 0, skipped: 0 };
  let cursor: { dueAt: Date; id: string } | null = null;
  while (!spent() && (await stillSending(deps.database, row.id))) {
    const batch = await db
      .select({ id: campaignRecipients.id, contactId: campaignRecipients.contactId, dueAt: campaignRecipients.dueAt, variant: campaignRecipients.variant })
      .from(campaignRecipients)
      .where(and(due, cursor ? or(gt(campaignRecipients.dueAt, cursor.dueAt), and(eq(campaignRecipients.dueAt, cursor.dueAt), gt(campaignRecipients.id, cursor.id))) : undefined))
      .orderBy(asc(campaignRecipients.dueAt), asc(campaignRecipients.id))
      // Read about as many as the budget can send (plus some for skips), not a whole page of facts each tick.
      .limit(Math.min(BATCH, [...left.values()].reduce((a, b) => a + b, 0) + 50));
    if (!batch.length) break;
    cursor = batch.at(-1)!;
    const facts = new Map(
      (
        await loadContactFacts(
          db,
          batch.map((r) => r.contactId),
        )
      ).map((f) => [f.id, f]),
    );
    const recent = await recentMarketingSends(
      db,
      batch.map((r) => r.contactId),
      now,
      workspace.frequencyCap.perDays,
    );
    const sends: PlannedMessage[] = [];
    const outcomes = noOutcomes();
    const skip = (id: string, reason: string) => outcomes.skipped.set(reason, [...(outcomes.skipped.get(reason) ?? []), id]);
    for (const recipient of batch) {
      const contact = facts.get(recipient.contactId);
      if (!contact) {
        skip(recipient.id, 'erased');
        continue;
      }
      const decision = decide(
        {
          definition: (recipient.variant && variantDefinitions.get(recipient.variant)) || definition,
          contact,
          channels: policy,
          workspaceZone: deps.workspace.timeZone,
          workspace: { name: workspace.name, timeZone: workspace.timeZone },
          recentAutomatedSends: recent.get(contact.id) ?? [],
        },
        now,
      );
      if ('skip' in decision) skip(recipient.id, skipReason(decision, contact));
      else if (decision.do === 'defer') outcomes.deferred.push({ id: recipient.id, until: decision.until });
      else if (decision.do === 'send') {
        const channel = channelFor(decision, policy);
        if (!channel) skip(recipient.id, 'no-channel');
        // This channel's share of the tick is spent: the recipient stays queued for the next tick.
        else if (left.get(channel.id)! > 0) {
          left.set(channel.id, left.get(channel.id)! - 1);
          sends.push({ recipientId: recipient.id, contactId: contact.id, channel, to: decision.channel.identity, rendered: decision.rendered });
          if (spent()) break;
        }
      }
    }
    await sendCampaignBatch(deps, row, workspace.tracking, sends);
    await recordOutcomes(db, outcomes, now);
    counts.sent += sends.length;
    counts.deferred += outcomes.deferred.length;
    counts.skipped += [...outcomes.skipped.values()].reduce((n, ids) => n + ids.length, 0);
  }
  await completeIfDone(deps.database, row.id, now);
  return counts;
}

/** A completed A/B campaign that split its whole audience gets its winner reported once its hours are up. */
async function reportFinishedTests(deps: TickDeps) {
  const finished = await deps.database.db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.status, 'completed'), isNotNull(campaigns.abTest), isNull(campaigns.winner)));
  for (const row of finished) await decideWinnerIfDue(deps, row);
}

/** Pause and cancel take effect between batches, not only between ticks. */
async function stillSending(database: Database, id: string): Promise<boolean> {
  const [row] = await database.db.select({ status: campaigns.status }).from(campaigns).where(eq(campaigns.id, id));
  return row?.status === 'running';
}

/** Completed only once every message reached a final state: until the lane has sent the last one, it is still sending. */
async function completeIfDone(database: Database, id: string, now: Date) {
  const [open] = await database.db
    .select({ id: campaignRecipients.id })
    .from(campaignRecipients)
    .where(and(eq(campaignRecipients.campaignId, id), inArray(campaignRecipients.status, ['queued', 'deferred', 'awaiting_winner'])))
    .limit(1);
  if (open) return;
  const [waiting] = await database.db
    .select({ id: messages.id })
    .from(campaignRecipients)
    .innerJoin(messages, eq(messages.id, campaignRecipients.messageId))
    .where(and(eq(campaignRecipients.campaignId, id), eq(campaignRecipients.status, 'sent'), eq(messages.status, 'queued')))
    .limit(1);
  if (waiting) return;
  await transact(database, async (tx) => {
    const done = await tx
      .update(campaigns)
      .set({ status: 'completed', completedAt: now, updatedAt: now })
      .where(and(eq(campaigns.id, id), inArray(campaigns.status, ['running', 'scheduled'])))
      .returning({ id: campaigns.id, name: campaigns.name });
    // Only the tick that completed it reports it, so integrations hear of each campaign's end once.
    if (done.length) await recordEvent(tx, { type: 'campaign.completed', payload: { campaignId: id, name: done[0]!.name } });
  });
}

// Plans a campaign's audience and send times; each send later goes through the same guards as a workflow step.
import { DateTime } from 'luxon';
import { evaluate, explain, type FailedCondition } from '../conditions/evaluate.ts';
import type { Facts } from '../facts.ts';
import type { Action, WorkflowDefinition } from '../model.ts';
import type { StepDecision } from '../engine/decision.ts';
import { planSend } from '../engine/plan-send.ts';
import type { GuardInputs } from '../engine/plan-step.ts';
import { contactZone } from '../time/local-time.ts';
import type { Campaign } from './model.ts';

export interface PlannedSend {
  contactId: string;
  sendAt: Date;
  /** Unique per campaign and contact: a retried or resumed campaign never messages anyone twice. */
  occurrenceKey: string;
  /** The local send time had already passed in the contact's zone when the campaign was planned. */
  late?: boolean;
}

export interface CampaignPlan {
  sends: PlannedSend[];
  excluded: Array<{ contactId: string; failed: FailedCondition[] }>;
}

export function planCampaign(campaignId: string, campaign: Campaign, audience: Facts[], now: Date, workspaceZone: string): CampaignPlan {
  const plan: CampaignPlan = { sends: [], excluded: [] };
  for (const facts of audience) {
    if (!evaluate(campaign.segment, facts)) {
      plan.excluded.push({ contactId: facts.contact.id, failed: explain(campaign.segment, facts) });
      continue;
    }
    const wanted = sendTime(campaign, facts, now, workspaceZone);
    const late = wanted.getTime() < now.getTime();
    plan.sends.push({ contactId: facts.contact.id, sendAt: late ? now : wanted, occurrenceKey: `campaign:${campaignId}:${facts.contact.id}`, ...(late && { late }) });
  }
  plan.sends = throttle(plan.sends, campaign.throttlePerMinute);
  return plan;
}

function sendTime(campaign: Campaign, facts: Facts, now: Date, workspaceZone: string): Date {
  const schedule = campaign.schedule;
  if (schedule.mode === 'now') return now;
  if (schedule.mode === 'at') return new Date(schedule.at);
  const zone = contactZone(facts.contact.timeZone, workspaceZone);
  const time = schedule.mode === 'local_time' ? schedule.time : bestTime(facts.contact.responsiveHour, schedule.fallbackTime);
  return DateTime.fromISO(`${schedule.date}T${time}`, { zone }).toJSDate();
}

/** The contact's most responsive hour on the hour, or the campaign's fallback time when it is not known. */
function bestTime(hour: number | undefined, fallbackTime: string): string {
  return hour === undefined ? fallbackTime : `${String(hour).padStart(2, '0')}:00`;
}

/** Keeps send order by time and pushes overflow into the following minutes. */
export function throttle(sends: PlannedSend[], perMinute: number | undefined): PlannedSend[] {
  const sorted = [...sends].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.contactId.localeCompare(b.contactId));
  if (!perMinute) return sorted;
  const used = new Map<number, number>();
  return sorted.map((send) => {
    let minute = Math.floor(send.sendAt.getTime() / 60_000);
    while ((used.get(minute) ?? 0) >= perMinute) minute++;
    used.set(minute, (used.get(minute) ?? 0) + 1);
    const sendAt = new Date(Math.max(send.sendAt.getTime(), minute * 60_000));
    return { ...send, sendAt };
  });
}

/** At send time: consent, channel, frequency cap and quiet hours, exactly as a workflow's send step. */
export function planCampaignSend(campaign: Campaign, facts: Facts, guards: GuardInputs): StepDecision {
  return planSend(campaignStep(campaign), null, [], campaignAsWorkflow(campaign), facts, guards);
}

/** The campaign's one send, as a workflow step: marketing, on the campaign's channel order. */
function campaignStep(campaign: Campaign): Extract<Action, { type: 'send_template' }> {
  return { id: 'campaign', type: 'send_template', template: 'campaign', purpose: 'marketing', ...(campaign.channels && { channels: campaign.channels }) };
}

/**
 * The campaign as a one-step workflow, so its preview is the workflows' dry run (deferrals simulated, then sent).
 * The segment is checked before (planCampaign), so the workflow has no conditions of its own.
 */
export function campaignAsWorkflow(campaign: Campaign): WorkflowDefinition {
  return {
    name: campaign.name,
    trigger: { type: 'segment_entry', segment: campaign.segment },
    actions: [campaignStep(campaign)],
    templates: { campaign: campaign.template },
    settings: campaign.settings,
  };
}

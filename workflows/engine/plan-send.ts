// The guard chain for one send step: channel and consent, frequency cap, quiet hours, then rendering.
import { DateTime } from 'luxon';
import type { ChannelKind, Identity } from '../../connectors/channel.ts';
import { chooseChannel, type ChannelChoice, type ChannelOrder } from '../channel-policy.ts';
import type { Facts } from '../facts.ts';
import { consentAllows, suppressionAllows } from '../guards/consent.ts';
import { frequencyCap } from '../guards/frequency-cap.ts';
import { quietHours } from '../guards/quiet-hours.ts';
import { type Action, DEFAULT_FREQUENCY_CAP, type WorkflowDefinition } from '../model.ts';
import { renderTemplate } from '../templates/render.ts';
import { contactZone } from '../time/local-time.ts';
import type { BranchTaken, StepDecision } from './decision.ts';
import type { GuardInputs } from './plan-step.ts';
import { ownIdentityKind } from '../../connectors/channel-kinds.ts';

type SendAction = Extract<Action, { type: 'send_template' }>;

export function planSend(
  action: SendAction,
  next: string | null,
  branches: BranchTaken[],
  workflow: Pick<WorkflowDefinition, 'templates' | 'settings'>,
  facts: Facts,
  guards: GuardInputs,
): StepDecision {
  const where = { step: action.id, next, branches };
  const purpose = action.purpose ?? 'marketing';
  const policy = { purpose, requireExplicitOptIn: guards.requireExplicitOptIn ?? false };
  const choice = action.channel === 'conversation' ? conversationChannel(facts, policy, action.channels) : chooseChannel(facts.contact, policy, action.channels);
  if ('skipped' in choice) {
    if (choice.skipped === 'no-preferred-channel') return { ...where, skip: 'no-preferred-channel', detail: 'the contact has no preferred channel' };
    return choice.reachable.length === 0
      ? {
          ...where,
          skip: 'no-channel',
          detail: action.channels
            ? `the contact has no identity on ${action.channels === 'preferred' ? 'their preferred channel' : action.channels.join(', ')}`
            : 'the contact has no identity on any channel',
        }
      : { ...where, skip: 'no-consent', detail: `no ${purpose} consent on ${choice.reachable.join(', ')}` };
  }
  // Only marketing counts against the cap: a survey or an acknowledgement answers the customer.
  if (purpose === 'marketing') {
    const cap = frequencyCap(guards.recentAutomatedSends, facts.now, workflow.settings.frequencyCap ?? DEFAULT_FREQUENCY_CAP);
    if (!cap.allowed) return { ...where, skip: 'capped', detail: cap.reason };
  }
  // A reply into the conversation the customer is writing in is expected at any hour; anything else waits for morning,
  // a survey after an agent resolved the conversation at night included.
  if (workflow.settings.quietHours && !(action.channel === 'conversation' && facts.conversation?.status !== 'resolved')) {
    const zone = contactZone(facts.contact.timeZone, guards.workspaceZone);
    const quiet = quietHours(facts.now, zone, workflow.settings.quietHours);
    if (!quiet.allowed) return { ...where, do: 'defer', until: quiet.deferUntil, reason: 'quiet-hours' };
  }
  const rendered = renderTemplate(workflow.templates[action.template], facts);
  return { ...where, do: 'send', channel: choice, rendered, purpose };
}

/**
 * The channel of the message that triggered the run, else of the run's conversation (a survey after a resolve), when the
 * contact can still be reached there.
 */
function conversationChannel(facts: Facts, policy: Parameters<typeof chooseChannel>[1], order: ChannelOrder | undefined): ChannelChoice {
  const kind: ChannelKind | undefined = facts.message?.channel ?? facts.conversation?.channel ?? facts.contact.lastInboundChannel;
  const identityKind = kind && ownIdentityKind(kind);
  const usable = facts.contact.identities?.filter((i) => i.kind === identityKind && suppressionAllows(i, policy)) ?? [];
  // API identities name their channel account: the conversation's own one, where the contact has it.
  const ownAccount = facts.conversation?.channelId && `${facts.conversation.channelId}:`;
  const identity = (ownAccount && usable.find((i) => i.value.startsWith(ownAccount))) || usable[0];
  if (kind && identity && consentAllows(facts.contact, kind, policy)) {
    return { kind, identity: { kind: identity.kind, value: identity.value } as Identity };
  }
  return chooseChannel(facts.contact, policy, order);
}

/** Adds a wait's duration in the contact's zone, so "1 day" lands at the same wall-clock time across DST. */
export function addDuration(now: Date, zone: string, duration: { days?: number; hours?: number; minutes?: number }): Date {
  return DateTime.fromJSDate(now, { zone }).plus(duration).toJSDate();
}

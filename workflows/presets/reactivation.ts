// Reactivation preset: 90 days without a message → a "we miss you"; a reply within 14 days counts as reactivated.
import type { WorkflowInput } from '../model.ts';
import { proportionDifference, type Interval } from '../attribution/lift.ts';

export interface ReactivationOptions {
  inactiveDays?: number;
  replyWithinDays?: number;
  holdoutPercent?: number;
}

export function reactivationPreset(options: ReactivationOptions = {}): WorkflowInput {
  const replyWithinDays = options.replyWithinDays ?? 14;
  return {
    name: 'Reactivation',
    trigger: { type: 'inactivity', days: options.inactiveDays ?? 90 },
    actions: [
      { id: 'send-we-miss-you', type: 'send_template', template: 'we-miss-you', purpose: 'marketing' },
      { id: 'await-reply', type: 'wait_for_reply', within: { days: replyWithinDays }, record: 'reactivated' },
    ],
    templates: {
      'we-miss-you': {
        fallbackLanguage: 'en',
        languages: {
          en: { subject: 'We miss you', body: 'Hi {{contact.firstName | "there"}}, it has been a while! Is there anything {{workspace.name}} can help you with? Just reply to this message.' },
          tr: {
            subject: 'Sizi özledik',
            body: 'Merhaba {{contact.firstName | ""}}, uzun zamandır görüşemedik! {{workspace.name}} olarak yardımcı olabileceğimiz bir şey var mı? Bu mesajı yanıtlamanız yeterli.',
          },
        },
      },
    },
    settings: { holdoutPercent: options.holdoutPercent ?? 10, conversionWindowDays: replyWithinDays },
  };
}

export interface GroupOutcome {
  contacts: number;
  /** Contacts who wrote within the conversion window (the held-out group is watched the same way). */
  reactivated: number;
}

const points = (difference: number) => Math.round(difference * 10_000) / 100;

/**
 * Lift = reactivation rate of messaged contacts − rate of held-out contacts, in percentage points, with its 95%
 * interval (the same difference of two proportions as a campaign's conversion lift), also in points.
 */
export function reactivationLift(messaged: GroupOutcome, heldOut: GroupOutcome): { messagedRate: number; heldOutRate: number; lift: number; ci95: Interval } | null {
  if (messaged.contacts === 0 || heldOut.contacts === 0) return null;
  const difference = proportionDifference({ n: messaged.contacts, x: messaged.reactivated }, { n: heldOut.contacts, x: heldOut.reactivated });
  return {
    messagedRate: messaged.reactivated / messaged.contacts,
    heldOutRate: heldOut.reactivated / heldOut.contacts,
    lift: points(difference.absolute),
    ci95: [points(difference.ci95[0]), points(difference.ci95[1])],
  };
}

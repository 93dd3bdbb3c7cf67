// Complaint preset: a scored inbound complaint → urgent, labelled, assigned (when there is a team), optionally
// acknowledged, SLA started.
import type { Action, WorkflowInput } from '../model.ts';

export interface ComplaintOptions {
  /** The team complaints go to, round robin; absent (a workspace with no team yet), the step is left out. */
  teamId?: string;
  /** The engine puts the detector's score in `message.complaintScore`. */
  threshold?: number;
  acknowledge?: boolean;
  firstResponseMinutes?: number;
  escalateToTeamId?: string;
  /** The label to add, in the workspace's language; "complaint" when not given. */
  label?: string;
}

export function complaintPreset(options: ComplaintOptions): WorkflowInput {
  const actions: Action[] = [
    { id: 'set-urgent', type: 'set_priority', priority: 'urgent' },
    { id: 'label-complaint', type: 'add_label', label: options.label ?? 'complaint' },
  ];
  if (options.teamId) actions.push({ id: 'assign-team', type: 'assign', teamId: options.teamId, roundRobin: true });
  if (options.acknowledge) {
    actions.push({ id: 'acknowledge', type: 'send_template', template: 'acknowledge', purpose: 'service', channel: 'conversation' });
  }
  actions.push({ id: 'start-sla', type: 'start_sla', firstResponseMinutes: options.firstResponseMinutes ?? 60, escalateToTeamId: options.escalateToTeamId });
  return {
    name: 'Complaint handling',
    trigger: { type: 'event', event: 'message.received' },
    conditions: { field: 'message.complaintScore', op: 'gte', value: options.threshold ?? 0.5 },
    actions,
    templates: {
      acknowledge: {
        fallbackLanguage: 'en',
        languages: {
          en: { body: 'We are sorry, {{contact.firstName | "and thank you for telling us"}}. A member of our team is looking into this now and will get back to you shortly.' },
          tr: { body: 'Yaşadığınız sorun için çok üzgünüz {{contact.firstName | ""}}. Ekibimiz konuyu hemen inceliyor, en kısa sürede size dönüş yapacağız.' },
        },
      },
    },
    // Service replies go out at once: the customer has just written.
    settings: { holdoutPercent: 0, quietHours: null },
  };
}

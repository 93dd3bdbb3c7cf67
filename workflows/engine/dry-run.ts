// Dry run: walks each contact through the workflow with a simulated clock; nothing is sent or stored.
import type { ContactFacts, Facts } from '../facts.ts';
import type { WorkflowDefinition } from '../model.ts';
import type { SkipReason, StepDecision } from './decision.ts';
import { type GuardInputs, planStep } from './plan-step.ts';
import { issueCoupon } from '../coupons/issue-coupon.ts';

export interface DryRunOptions {
  workflowId: string;
  workspaceZone: string;
  workspace?: Facts['workspace'];
  requireExplicitOptIn?: boolean;
  /** Recent automated sends per contact id, for the frequency cap. */
  recentSends?: Record<string, Date[]>;
  /** Facts beyond the contact (a triggering message, run vars like a coupon). */
  extraFacts?: (contact: ContactFacts) => Partial<Omit<Facts, 'contact' | 'now'>>;
}

export interface DryRunMessage {
  step: string;
  at: Date;
  channel: string;
  to: string;
  language: string;
  subject?: string;
  body: string;
  missingVariables: string[];
}

export interface DryRunResult {
  contactId: string;
  /** `receives`: at least one message would go out. */
  outcome: 'receives' | 'skipped' | 'no-message';
  messages: DryRunMessage[];
  /** Every skip on the way, with the reason the step log would show. */
  skips: Array<{ step: string | null; reason: SkipReason; detail: string }>;
  /** The planner's decisions in order: the run log the engine would write. */
  log: StepDecision[];
}

/** Waits are simulated by moving the clock; a `wait_for_reply` is assumed to time out. */
const MAX_STEPS = 100;

/** A preview shows where the run's coupon goes, as a sample code; the real code is issued when the run starts. */
export function previewVars(workflow: Pick<WorkflowDefinition, 'settings'>, start: Date, vars?: Record<string, unknown>): Record<string, unknown> | undefined {
  return workflow.settings.coupon && !vars?.coupon ? { ...vars, coupon: issueCoupon(workflow.settings.coupon, start, (n) => new Uint8Array(n)) } : vars;
}

export function dryRun(workflow: WorkflowDefinition, contacts: ContactFacts[], now: Date, options: DryRunOptions): DryRunResult[] {
  return contacts.map((contact) => runOne(workflow, contact, now, options));
}

function runOne(workflow: WorkflowDefinition, contact: ContactFacts, start: Date, options: DryRunOptions): DryRunResult {
  const result: DryRunResult = { contactId: contact.id, outcome: 'no-message', messages: [], skips: [], log: [] };
  const sends = [...(options.recentSends?.[contact.id] ?? [])];
  let now = start;
  let stepId: string | null = null;
  const extra = options.extraFacts?.(contact) ?? {};
  const vars = previewVars(workflow, start, extra.vars);
  for (let i = 0; i < MAX_STEPS; i++) {
    const facts: Facts = { workspace: options.workspace, ...extra, ...(vars ? { vars } : {}), contact, now };
    const guards: GuardInputs = { workspaceZone: options.workspaceZone, recentAutomatedSends: sends, requireExplicitOptIn: options.requireExplicitOptIn };
    const decision = planStep({ workflowId: options.workflowId, workflow, stepId, facts, guards });
    result.log.push(decision);
    if ('skip' in decision) {
      result.skips.push({ step: decision.step, reason: decision.skip, detail: decision.detail });
      if (decision.step === null) break;
    } else if (decision.do === 'send') {
      result.messages.push({
        step: decision.step!,
        at: now,
        channel: decision.channel.kind,
        to: decision.channel.identity.value,
        language: decision.rendered.language,
        subject: decision.rendered.subject,
        body: decision.rendered.body,
        missingVariables: decision.rendered.missing,
      });
      if (decision.purpose === 'marketing') sends.push(now);
    } else if (decision.do === 'defer') {
      now = decision.until;
      continue; // same step again, later
    } else if (decision.do === 'wait') {
      now = decision.until;
    } else if (decision.do === 'end') {
      break;
    }
    if (decision.next === null) break;
    stepId = decision.next;
  }
  if (result.messages.length > 0) result.outcome = 'receives';
  else if (result.skips.length > 0) result.outcome = 'skipped';
  return result;
}

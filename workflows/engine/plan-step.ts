// The pure planner the DB engine calls for each step of a run: what to do now, and where to go next.
import { evaluate, explain } from '../conditions/evaluate.ts';
import type { Facts } from '../facts.ts';
import { holdout } from '../guards/holdout.ts';
import type { WorkflowDefinition } from '../model.ts';
import { renderText } from '../templates/render.ts';
import { contactZone, nextLocalTime } from '../time/local-time.ts';
import type { BranchTaken, StepDecision } from './decision.ts';
import { addDuration, planSend } from './plan-send.ts';
import { indexSteps } from './steps.ts';

export interface GuardInputs {
  workspaceZone: string;
  /** When this contact was sent automated marketing messages recently (any workflow). */
  recentAutomatedSends: Date[];
  /** The workspace demands an explicit opt-in before marketing. */
  requireExplicitOptIn?: boolean;
}

export interface PlanInput {
  workflowId: string;
  workflow: WorkflowDefinition;
  /** null when the run starts: conditions and holdout are checked once, here. */
  stepId: string | null;
  facts: Facts;
  guards: GuardInputs;
}

export function planStep(input: PlanInput): StepDecision {
  const { workflow, facts } = input;
  if (input.stepId === null) {
    const start = { step: null, next: null, branches: [] };
    if (!evaluate(workflow.conditions, facts)) {
      const failed = explain(workflow.conditions, facts);
      return { ...start, skip: 'condition-false', detail: failed.map((f) => f.message).join('; '), failed };
    }
    // Held out after the conditions, so the control group is drawn from contacts who would have been messaged.
    if (holdout(input.workflowId, facts.contact.id, workflow.settings.holdoutPercent)) {
      return { ...start, skip: 'held-out', detail: `in the ${workflow.settings.holdoutPercent}% holdout group` };
    }
    return planFrom(workflow.actions[0].id, input, []);
  }
  return planFrom(input.stepId, input, []);
}

function planFrom(stepId: string, input: PlanInput, branches: BranchTaken[]): StepDecision {
  const { workflow, facts, guards } = input;
  const entry = indexSteps(workflow.actions).get(stepId);
  if (!entry) throw new Error(`step "${stepId}" is not in this workflow version`);
  const { action, next } = entry;
  const where = { step: action.id, next, branches };
  const zone = contactZone(facts.contact.timeZone, guards.workspaceZone);
  switch (action.type) {
    case 'branch': {
      const took = evaluate(action.if, facts) ? 'then' : 'else';
      const arm = (took === 'then' ? action.then : action.else) ?? [];
      const taken = [...branches, { step: action.id, took } as BranchTaken];
      if (arm.length > 0) return planFrom(arm[0].id, input, taken);
      if (next === null) return { ...where, branches: taken, do: 'end', reason: 'completed' };
      return planFrom(next, input, taken);
    }
    case 'send_template':
      return planSend(action, next, branches, workflow, facts, guards);
    case 'wait': {
      const until = action.untilLocalTime ? nextLocalTime(facts.now, zone, action.untilLocalTime) : addDuration(facts.now, zone, action.duration!);
      return { ...where, do: 'wait', until };
    }
    case 'wait_for_reply':
      return { ...where, do: 'wait', until: addDuration(facts.now, zone, action.within), forReply: true, record: action.record };
    case 'stop':
      return { ...where, next: null, do: 'end', reason: 'stop' };
    case 'add_note':
      return { ...where, do: 'action', action: { ...action, body: renderText(action.body, facts, facts.contact.language ?? 'en') } };
    default:
      return { ...where, do: 'action', action };
  }
}

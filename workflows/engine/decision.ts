// What the planner tells the DB engine to do next; `skip` reasons are exactly what the step log shows.
import type { ChannelKind, Identity } from '../../connectors/channel.ts';
import type { FailedCondition } from '../conditions/evaluate.ts';
import type { Action } from '../model.ts';
import type { RenderedMessage } from '../templates/render.ts';

export type SkipReason = 'no-consent' | 'capped' | 'held-out' | 'condition-false' | 'no-channel' | 'no-preferred-channel';

/** A branch the planner took on its way to the step it returns, for the step log. */
export interface BranchTaken {
  step: string;
  took: 'then' | 'else';
}

interface Where {
  /** The step this decision is about; null for a decision taken before the first step (held-out, condition-false). */
  step: string | null;
  /** Where the run continues once the engine has carried this out; null = the run is complete. */
  next: string | null;
  branches: BranchTaken[];
}

export type StepDecision =
  | (Where & { do: 'send'; channel: { kind: ChannelKind; identity: Identity }; rendered: RenderedMessage; purpose: 'marketing' | 'service' })
  /** Plan the same step again at `until`; nothing was sent. */
  | (Where & { do: 'defer'; until: Date; reason: 'quiet-hours' })
  | (Where & { skip: SkipReason; detail: string; failed?: FailedCondition[] })
  /** Resume at `next` at `until`; with `forReply`, resume early when the contact replies, recording `record`. */
  | (Where & { do: 'wait'; until: Date; forReply?: boolean; record?: 'reactivated' | 'nps' | 'csat' })
  /** Perform a side-effecting action (assign, label, priority, note, SLA, webhook), then continue at `next`. */
  | (Where & { do: 'action'; action: Exclude<Action, { type: 'send_template' | 'wait' | 'wait_for_reply' | 'branch' | 'stop' }> })
  | (Where & { do: 'end'; reason: 'stop' | 'completed' });

// A macro's actions as the rows of the Settings form (one step a row, its value as text) and back, so a saved macro
// opens for editing exactly as it runs.
import type { MacroAction } from '../api/types';

export const STEP_TYPES = ['label', 'unlabel', 'assign', 'reply', 'resolve', 'snooze'] as const;
export type StepType = (typeof STEP_TYPES)[number];
export interface MacroStep {
  type: StepType;
  /** Labels "a, b"; a user id, "" for whoever runs it or "none"; a canned response id; hours. */
  value: string;
}

const names = (value: string) =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

export function toAction(step: MacroStep): MacroAction {
  switch (step.type) {
    case 'label':
      return { type: 'label', add: names(step.value) };
    case 'unlabel':
      return { type: 'label', remove: names(step.value) };
    case 'assign':
      return { type: 'assign', userId: step.value === '' ? 'me' : step.value === 'none' ? null : step.value };
    case 'reply':
      return { type: 'reply', cannedResponseId: step.value };
    case 'snooze':
      return { type: 'snooze', hours: Number(step.value) || 1 };
    default:
      return { type: 'resolve' };
  }
}

/** One label action that both adds and removes becomes two rows; `toAction` of each gives back the same effect. */
export function toSteps(actions: readonly MacroAction[]): MacroStep[] {
  return actions.flatMap((action): MacroStep[] => {
    switch (action.type) {
      case 'label':
        return [
          ...(action.add?.length ? [{ type: 'label' as const, value: action.add.join(', ') }] : []),
          ...(action.remove?.length ? [{ type: 'unlabel' as const, value: action.remove.join(', ') }] : []),
        ];
      case 'assign':
        return [{ type: 'assign', value: action.userId === 'me' ? '' : action.userId === null ? 'none' : action.userId }];
      case 'reply':
        return [{ type: 'reply', value: action.cannedResponseId }];
      case 'snooze':
        return [{ type: 'snooze', value: String(action.hours) }];
      default:
        return [{ type: 'resolve', value: '' }];
    }
  });
}

// Indexes a workflow's (possibly nested) steps by id, with where each one continues.
import type { Action } from '../model.ts';

export interface StepEntry {
  action: Action;
  /** The step after this one, leaving a branch arm when it ends; null at the end of the workflow. */
  next: string | null;
}

export function indexSteps(actions: Action[], after: string | null = null, index = new Map<string, StepEntry>()): Map<string, StepEntry> {
  actions.forEach((action, i) => {
    const next = i + 1 < actions.length ? actions[i + 1].id : after;
    index.set(action.id, { action, next });
    if (action.type === 'branch') {
      indexSteps(action.then, next, index);
      indexSteps(action.else ?? [], next, index);
    }
  });
  return index;
}

// Steps as the editor holds them: a branch keeps its condition as builder rows; plus defaults and nested-list lookup.
import type { Action } from '../../../../workflows/model.ts';
import { RuleSet } from './rule-set.svelte';

export type ActionType = Action['type'];
export interface DraftBranch {
  id: string;
  type: 'branch';
  if: RuleSet;
  then: DraftAction[];
  else: DraftAction[];
}
export type DraftAction = Exclude<Action, { type: 'branch' }> | DraftBranch;

export const ACTION_TYPES: ActionType[] = ['send_template', 'wait', 'wait_for_reply', 'branch', 'assign', 'add_label', 'set_priority', 'add_note', 'start_sla', 'call_webhook', 'stop'];

/** A fresh step of `type` with sensible defaults; `id` is unique among `taken`. */
export function newAction(type: ActionType, taken: Set<string>, template = ''): DraftAction {
  const id = uniqueId(type.replace(/_/g, '-'), taken);
  switch (type) {
    case 'send_template':
      return { id, type, template, purpose: 'marketing', channel: 'policy' };
    case 'wait':
      return { id, type, duration: { days: 1 } };
    case 'wait_for_reply':
      return { id, type, within: { days: 3 } };
    case 'branch':
      return { id, type, if: new RuleSet(), then: [], else: [] };
    case 'assign':
      return { id, type, teamId: '', roundRobin: true };
    case 'add_label':
      return { id, type, label: '' };
    case 'set_priority':
      return { id, type, priority: 'high' };
    case 'add_note':
      return { id, type, body: '' };
    case 'start_sla':
      return { id, type, firstResponseMinutes: 60 };
    case 'call_webhook':
      return { id, type, url: 'https://', secretRef: '' };
    case 'stop':
      return { id, type };
  }
}

export function uniqueId(base: string, taken: Set<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Every step id, nested ones included. */
export function stepIds(actions: DraftAction[], into = new Set<string>()): Set<string> {
  for (const action of actions) {
    into.add(action.id);
    if (action.type === 'branch') stepIds([...action.then, ...action.else], into);
  }
  return into;
}

/** The list at a path the components pass down: `actions`, `actions.2.then`, `actions.2.then.0.else`. */
export function listAt(actions: DraftAction[], path: string): DraftAction[] {
  const parts = path.split('.').slice(1);
  let list = actions;
  for (let i = 0; i < parts.length; i += 2) {
    const step = list[Number(parts[i])];
    if (step?.type !== 'branch') throw new Error(`no branch at ${path}`);
    list = parts[i + 1] === 'else' ? step.else : step.then;
  }
  return list;
}

export function fromAction(action: Action): DraftAction {
  if (action.type !== 'branch') return structuredClone(action);
  return { id: action.id, type: 'branch', if: new RuleSet(action.if), then: action.then.map(fromAction), else: (action.else ?? []).map(fromAction) };
}

/** The JSON the server takes: blanks in optional fields are left out rather than sent empty. */
export function toAction(action: DraftAction): Action {
  switch (action.type) {
    case 'branch': {
      const out: Action = { id: action.id, type: 'branch', if: action.if.toCondition(), then: action.then.map(toAction) };
      return action.else.length ? { ...out, else: action.else.map(toAction) } : out;
    }
    case 'wait':
      return action.untilLocalTime !== undefined ? { id: action.id, type: 'wait', untilLocalTime: action.untilLocalTime } : { id: action.id, type: 'wait', duration: cleanDuration(action.duration) };
    case 'wait_for_reply':
      return { ...action, within: cleanDuration(action.within), record: action.record || undefined };
    case 'assign':
      return action.agentId !== undefined
        ? { id: action.id, type: 'assign', agentId: action.agentId }
        : { id: action.id, type: 'assign', teamId: action.teamId, roundRobin: action.roundRobin || undefined };
    case 'start_sla':
      return { ...action, escalateToTeamId: action.escalateToTeamId || undefined };
    default:
      return { ...action };
  }
}

type Duration = { days?: number; hours?: number; minutes?: number };
/** Empty number boxes arrive as null: an unset part of a duration is left out. */
function cleanDuration(d: Duration | undefined): Duration {
  const out: Duration = {};
  for (const unit of ['days', 'hours', 'minutes'] as const) if (typeof d?.[unit] === 'number') out[unit] = d[unit];
  return out;
}

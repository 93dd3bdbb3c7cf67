// Checks a draft before any request, with the server's field paths and translatable messages. Formats (times, step
// ids, date fields, URLs) are the core's `validateWorkflow`, run here as on the server; this file only words them.
import type { Action, WorkflowInput } from '../../../../workflows/model.ts';
import { validateWorkflow } from '../../../../workflows/validate-workflow.ts';
import { parsePlaceholders } from '../../../../workflows/templates/parse-template.ts';
import { isKnownVariable } from '../../../../workflows/templates/variables.ts';
import type { MessageKey } from '../i18n/en';

export interface FieldIssue {
  path: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
}

/** The paths the core refuses: a format check here asks whether its path is among them. */
function refusedPaths(def: WorkflowInput): Set<string> {
  const result = validateWorkflow(def);
  return new Set(result.ok ? [] : result.errors.map((e) => e.path));
}

const positiveInt = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0;
const nonNegativeInt = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** `unfinishedRules`: paths of condition builders with a half-filled row (the JSON would silently drop it). */
export function validateDraft(def: WorkflowInput, unfinishedRules: string[]): FieldIssue[] {
  const issues: FieldIssue[] = unfinishedRules.map((path) => ({ path, key: 'wf.err.unfinishedRule' }));
  const add = (path: string, key: MessageKey, vars?: FieldIssue['vars']) => issues.push({ path, key, vars });
  const refused = refusedPaths(def);
  if (!def.name) add('name', 'wf.err.required');
  const t = def.trigger;
  if (t.type === 'inactivity' && !positiveInt(t.days)) add('trigger.days', 'wf.err.positive');
  if (t.type === 'schedule' && !t.cron) add('trigger.cron', 'wf.err.required');
  else if (t.type === 'schedule' && refused.has('trigger.cron')) add('trigger.cron', 'wf.err.invalidCron');
  if (t.type === 'date_attribute' && refused.has('trigger.field')) add('trigger.field', 'wf.err.dateField');
  if (t.type === 'date_attribute' && (!t.at || refused.has('trigger.at'))) add('trigger.at', 'wf.err.time');
  if (t.type === 'event' && t.nth !== undefined && !positiveInt(t.nth)) add('trigger.nth', 'wf.err.positive');
  if (t.type === 'event' && t.minAmount !== undefined && refused.has('trigger.minAmount')) add('trigger.minAmount', 'wf.err.nonNegative');
  if (t.type === 'event' && t.name !== undefined && refused.has('trigger.name')) add('trigger.name', 'wf.err.eventName');
  if (def.actions.length === 0) add('actions', 'wf.err.noActions');
  checkSteps(def, add, refused);
  for (const [key, template] of Object.entries(def.templates ?? {})) {
    if (!template.languages[template.fallbackLanguage]) add(`templates.${key}.fallbackLanguage`, 'wf.err.fallbackMissing');
    for (const [language, text] of Object.entries(template.languages)) {
      const at = `templates.${key}.languages.${language}`;
      if (!text.body.trim()) add(`${at}.body`, 'wf.err.required');
      checkText(text.body, `${at}.body`, add);
      if (text.subject) checkText(text.subject, `${at}.subject`, add);
    }
  }
  const s = def.settings ?? {};
  const holdout = s.holdoutPercent;
  if (holdout !== undefined && (typeof holdout !== 'number' || holdout < 0 || holdout > 100)) add('settings.holdoutPercent', 'wf.err.percent');
  if (s.quietHours && refused.has('settings.quietHours.start')) add('settings.quietHours.start', 'wf.err.time');
  if (s.quietHours && refused.has('settings.quietHours.end')) add('settings.quietHours.end', 'wf.err.time');
  if (s.frequencyCap && !positiveInt(s.frequencyCap.max)) add('settings.frequencyCap.max', 'wf.err.positive');
  if (s.frequencyCap && !positiveInt(s.frequencyCap.perDays)) add('settings.frequencyCap.perDays', 'wf.err.positive');
  if (s.conversionWindowDays !== undefined && !positiveInt(s.conversionWindowDays)) add('settings.conversionWindowDays', 'wf.err.positive');
  return issues;
}

type Add = (path: string, key: MessageKey, vars?: FieldIssue['vars']) => void;

function checkSteps(def: WorkflowInput, add: Add, refused: Set<string>) {
  const seen = new Set<string>();
  const visit = (list: Action[], path: string) =>
    list.forEach((a, i) => {
      const at = `${path}.${i}`;
      if (seen.has(a.id)) add(`${at}.id`, 'wf.err.duplicateId');
      else if (refused.has(`${at}.id`)) add(`${at}.id`, 'wf.err.stepId');
      seen.add(a.id);
      if (a.type === 'stop' && i < list.length - 1) add(at, 'wf.err.afterStop');
      if (a.type === 'send_template' && !def.templates?.[a.template]) add(`${at}.template`, 'wf.err.noTemplate');
      if (a.type === 'wait' && a.untilLocalTime !== undefined && refused.has(`${at}.untilLocalTime`)) add(`${at}.untilLocalTime`, 'wf.err.time');
      if (a.type === 'wait' && a.duration && !longerThanZero(a.duration)) add(`${at}.duration`, 'wf.err.duration');
      if (a.type === 'wait_for_reply' && !longerThanZero(a.within)) add(`${at}.within`, 'wf.err.duration');
      if (a.type === 'assign' && !(a.agentId || a.teamId)) add(`${at}.${a.agentId !== undefined ? 'agentId' : 'teamId'}`, 'wf.err.assignee');
      if (a.type === 'add_label' && !a.label.trim()) add(`${at}.label`, 'wf.err.required');
      if (a.type === 'add_note') a.body.trim() ? checkText(a.body, `${at}.body`, add) : add(`${at}.body`, 'wf.err.required');
      if (a.type === 'start_sla' && !positiveInt(a.firstResponseMinutes)) add(`${at}.firstResponseMinutes`, 'wf.err.positive');
      if (a.type === 'call_webhook' && refused.has(`${at}.url`)) add(`${at}.url`, 'wf.err.url');
      if (a.type === 'call_webhook' && !a.secretRef.trim()) add(`${at}.secretRef`, 'wf.err.required');
      if (a.type === 'branch') {
        visit(a.then, `${at}.then`);
        visit(a.else ?? [], `${at}.else`);
      }
    });
  visit(def.actions, 'actions');
}

function longerThanZero(d: { days?: number; hours?: number; minutes?: number }): boolean {
  const parts = [d.days, d.hours, d.minutes].filter((n) => n !== undefined);
  return parts.every(nonNegativeInt) && parts.some((n) => (n as number) > 0);
}

function checkText(text: string, path: string, add: Add) {
  for (const p of parsePlaceholders(text)) {
    if (p.error) add(path, 'wf.err.placeholder', { detail: p.raw });
    else if (!isKnownVariable(p.name)) add(path, 'wf.err.unknownVariable', { name: p.name });
  }
}

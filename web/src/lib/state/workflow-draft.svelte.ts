// The workflow editor's state: the definition being edited, typed operations on it, and errors per field.
import type { TemplateDefinition, Trigger, WorkflowInput } from '../../../../workflows/model.ts';
import type { ServerIssue } from '../api/types';
import { RuleSet } from './rule-set.svelte';
import { ACTION_TYPES, fromAction, listAt, newAction, stepIds, toAction, uniqueId, type ActionType, type DraftAction } from './workflow-steps';
import { validateDraft, type FieldIssue } from './workflow-validation';
import { defaultTriggerFields, eventTriggerJson, loadEventFilters, propertyRowIssues, type TriggerFields } from './trigger-fields';

export type { TriggerType } from './trigger-fields';

export class WorkflowDraft {
  name = $state('');
  trigger = $state<TriggerFields>(defaultTriggerFields());
  segment = $state(new RuleSet());
  conditions = $state(new RuleSet());
  actions = $state<DraftAction[]>([]);
  templates = $state<Record<string, TemplateDefinition>>({});
  /** `quietHours`: `workspace` leaves it out so the workspace's hours apply; `off` sends at any hour. */
  settings = $state({
    holdoutPercent: 0,
    quietMode: 'workspace' as 'workspace' | 'off' | 'custom',
    quietStart: '21:00',
    quietEnd: '09:00',
    cap: false,
    capMax: 3,
    capPerDays: 7,
    conversionWindowDays: null as number | null,
    coupon: false,
    couponPrefix: 'GIFT',
    couponAmount: 50,
    couponValidDays: 30,
  });
  /** The server's 422 list, shown while the definition is still the one it judged. */
  #server = $state<{ issues: ServerIssue[]; for: string }>({ issues: [], for: '' });

  definition = $derived(this.toDefinition());
  #json = $derived(JSON.stringify(this.definition));
  issues: FieldIssue[] = $derived([...validateDraft(this.definition, this.#unfinishedRules()), ...propertyRowIssues(this.trigger)]);
  serverIssues = $derived(this.#server.for === this.#json ? this.#server.issues : []);

  constructor(input?: Partial<WorkflowInput>) {
    if (input) this.load(input);
  }

  load(input: Partial<WorkflowInput>) {
    this.name = input.name ?? '';
    const t = input.trigger;
    if (t) {
      this.trigger.type = t.type;
      if (t.type === 'event') loadEventFilters(this.trigger, t);
      if (t.type === 'schedule') this.trigger.cron = t.cron;
      if (t.type === 'date_attribute') Object.assign(this.trigger, { field: t.field, at: t.at ?? '09:00' });
      if (t.type === 'inactivity') this.trigger.days = t.days;
      this.segment = new RuleSet(t.type === 'segment_entry' ? t.segment : undefined);
    }
    this.conditions = new RuleSet(input.conditions);
    this.actions = (input.actions ?? []).map(fromAction);
    this.templates = structuredClone(input.templates ?? {}) as Record<string, TemplateDefinition>;
    const s = input.settings ?? {};
    this.settings = {
      holdoutPercent: s.holdoutPercent ?? 0,
      quietMode: s.quietHours === undefined ? 'workspace' : s.quietHours === null ? 'off' : 'custom',
      quietStart: s.quietHours?.start ?? '21:00',
      quietEnd: s.quietHours?.end ?? '09:00',
      cap: Boolean(s.frequencyCap),
      capMax: s.frequencyCap?.max ?? 3,
      capPerDays: s.frequencyCap?.perDays ?? 7,
      conversionWindowDays: s.conversionWindowDays ?? null,
      coupon: Boolean(s.coupon),
      couponPrefix: s.coupon?.prefix ?? 'GIFT',
      couponAmount: s.coupon?.amount ?? 50,
      couponValidDays: s.coupon?.validDays ?? 30,
    };
  }

  /** The definition the server takes. Empty conditions go as `{ all: [] }` so an edit clears earlier ones. */
  toDefinition(): WorkflowInput {
    const s = this.settings;
    const settings: NonNullable<WorkflowInput['settings']> = { holdoutPercent: s.holdoutPercent };
    if (s.quietMode !== 'workspace') settings.quietHours = s.quietMode === 'off' ? null : { start: s.quietStart, end: s.quietEnd };
    if (s.cap) settings.frequencyCap = { max: s.capMax, perDays: s.capPerDays };
    if (s.conversionWindowDays) settings.conversionWindowDays = s.conversionWindowDays;
    if (s.coupon) settings.coupon = { prefix: s.couponPrefix.trim().toUpperCase(), amount: s.couponAmount, validDays: s.couponValidDays };
    return { name: this.name.trim(), trigger: this.#triggerJson(), conditions: this.conditions.toCondition(), actions: this.actions.map(toAction), templates: this.#templatesJson(), settings };
  }

  /** A blank subject is left out, so a send without one falls back to the channel's default rather than an empty line. */
  #templatesJson(): Record<string, TemplateDefinition> {
    const out: Record<string, TemplateDefinition> = {};
    for (const [key, template] of Object.entries(this.templates)) {
      const languages: TemplateDefinition['languages'] = {};
      for (const [tag, text] of Object.entries(template.languages)) languages[tag] = text.subject?.trim() ? { subject: text.subject, body: text.body } : { body: text.body };
      out[key] = { fallbackLanguage: template.fallbackLanguage, languages };
    }
    return out;
  }

  #triggerJson(): Trigger {
    const t = this.trigger;
    switch (t.type) {
      case 'event':
        return eventTriggerJson(t);
      case 'schedule':
        return { type: 'schedule', cron: t.cron.trim() };
      case 'date_attribute':
        return { type: 'date_attribute', field: t.field.trim(), at: t.at };
      case 'inactivity':
        return { type: 'inactivity', days: t.days };
      case 'segment_entry':
        return { type: 'segment_entry', segment: this.segment.toCondition() };
    }
  }

  #unfinishedRules(): string[] {
    const paths: string[] = [];
    if (this.trigger.type === 'segment_entry' && this.segment.unfinished) paths.push('trigger.segment');
    if (this.conditions.unfinished) paths.push('conditions');
    const visit = (list: DraftAction[], path: string) =>
      list.forEach((a, i) => {
        if (a.type !== 'branch') return;
        if (a.if.unfinished) paths.push(`${path}.${i}.if`);
        visit(a.then, `${path}.${i}.then`);
        visit(a.else, `${path}.${i}.else`);
      });
    visit(this.actions, 'actions');
    return paths;
  }

  // —— steps ——

  /** Adds a step at the end of the list at `path`; a send step gets a template of its own to write. */
  addAction(path: string, type: ActionType) {
    const taken = stepIds(this.actions);
    let template = '';
    if (type === 'send_template') template = Object.keys(this.templates)[0] ?? this.addTemplate();
    listAt(this.actions, path).push(newAction(type, taken, template));
  }

  removeAction(path: string, index: number) {
    listAt(this.actions, path).splice(index, 1);
  }

  moveAction(path: string, index: number, by: -1 | 1) {
    const list = listAt(this.actions, path);
    const to = index + by;
    if (to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to]!, list[index]!];
  }

  setWaitMode(action: Extract<DraftAction, { type: 'wait' }>, mode: 'duration' | 'time') {
    if (mode === 'time') {
      delete action.duration;
      action.untilLocalTime = '10:00';
    } else {
      delete action.untilLocalTime;
      action.duration = { days: 1 };
    }
  }

  setAssignMode(action: Extract<DraftAction, { type: 'assign' }>, mode: 'agent' | 'team') {
    if (mode === 'agent') {
      delete action.teamId;
      delete action.roundRobin;
      action.agentId = '';
    } else {
      delete action.agentId;
      action.teamId = '';
      action.roundRobin = true;
    }
  }

  // —— templates ——

  /** A new template with one language to start from; returns its key. */
  addTemplate(language = 'en'): string {
    const key = uniqueId('message', new Set(Object.keys(this.templates)));
    this.templates[key] = { fallbackLanguage: language, languages: { [language]: { subject: '', body: '' } } };
    return key;
  }

  addLanguage(key: string, language: string) {
    const tag = language.trim();
    const template = this.templates[key];
    if (!template || !tag || template.languages[tag]) return;
    template.languages[tag] = { subject: '', body: '' };
  }

  /** Removing the fallback language hands the role to the first one left; the last language stays. */
  removeLanguage(key: string, language: string) {
    const template = this.templates[key];
    if (!template || Object.keys(template.languages).length <= 1) return;
    delete template.languages[language];
    if (template.fallbackLanguage === language) template.fallbackLanguage = Object.keys(template.languages)[0]!;
  }

  removeTemplate(key: string) {
    delete this.templates[key];
  }

  // —— errors ——

  /** The 422 `errors` from a save or a preview, for this exact definition. */
  applyServerErrors(issues: ServerIssue[]) {
    this.#server = { issues, for: this.#json };
  }

  /** Client messages (translation keys) and the server's problems (see `serverIssueText`) for one field. */
  errorsAt(path: string): { client: FieldIssue[]; server: ServerIssue[] } {
    return { client: this.issues.filter((i) => i.path === path), server: this.serverIssues.filter((i) => i.path === path) };
  }

  hasError(path: string): boolean {
    return this.issues.some((i) => i.path === path) || this.serverIssues.some((i) => i.path === path);
  }

  get valid(): boolean {
    return this.issues.length === 0;
  }
}

export { ACTION_TYPES };

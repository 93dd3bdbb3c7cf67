import { describe, expect, it } from 'vitest';
import { WorkflowDraft } from './workflow-draft.svelte';
import { validateWorkflow } from '../../../../workflows/validate-workflow.ts';
import { birthdayPreset, complaintPreset, reactivationPreset } from '../../../../workflows/presets/index.ts';

const paths = (draft: WorkflowDraft) => draft.issues.map((i) => `${i.path}:${i.key}`);

function reactivationDraft() {
  const draft = new WorkflowDraft({ trigger: { type: 'inactivity', days: 60 } });
  draft.name = 'Win back';
  draft.addAction('actions', 'send_template');
  const key = Object.keys(draft.templates)[0]!;
  draft.templates[key]!.languages.en!.body = 'Hi {{contact.firstName | "there"}}, we miss you';
  return { draft, key };
}

describe('WorkflowDraft', () => {
  it('builds a definition the server accepts from form operations', () => {
    const { draft, key } = reactivationDraft();
    draft.addLanguage(key, 'tr');
    draft.templates[key]!.languages.tr!.body = 'Merhaba {{contact.firstName | ""}}, sizi özledik';
    draft.addAction('actions', 'wait_for_reply');
    draft.settings.holdoutPercent = 10;
    expect(draft.issues).toEqual([]);
    const checked = validateWorkflow(draft.definition);
    expect(checked.ok).toBe(true);
    expect(draft.definition).toMatchObject({
      name: 'Win back',
      trigger: { type: 'inactivity', days: 60 },
      conditions: { all: [] },
      actions: [
        { id: 'send-template-1', type: 'send_template', template: key, purpose: 'marketing', channel: 'policy' },
        { id: 'wait-for-reply-1', type: 'wait_for_reply', within: { days: 3 } },
      ],
      settings: { holdoutPercent: 10 },
    });
    expect(draft.definition.settings).not.toHaveProperty('quietHours');
  });

  it('switches trigger type and back without losing what was typed', () => {
    const draft = new WorkflowDraft();
    draft.trigger.days = 30;
    draft.trigger.type = 'schedule';
    draft.trigger.cron = '0 10 * * *';
    expect(draft.definition.trigger).toEqual({ type: 'schedule', cron: '0 10 * * *' });
    draft.trigger.type = 'segment_entry';
    draft.segment.add({ field: '', op: 'has_label', value: 'vip' });
    expect(draft.definition.trigger).toEqual({ type: 'segment_entry', segment: { op: 'has_label', value: 'vip' } });
    draft.trigger.type = 'inactivity';
    expect(draft.definition.trigger).toEqual({ type: 'inactivity', days: 30 });
  });

  it('adds, moves and removes steps, nested branch arms included', () => {
    const { draft } = reactivationDraft();
    draft.addAction('actions', 'branch');
    draft.addAction('actions.1.then', 'add_label');
    draft.addAction('actions.1.else', 'stop');
    draft.addAction('actions.1.then', 'set_priority');
    draft.moveAction('actions.1.then', 1, -1);
    draft.moveAction('actions', 0, 1);
    const [branch, send] = draft.definition.actions;
    expect(send!.type).toBe('send_template');
    expect(branch).toMatchObject({ type: 'branch', then: [{ type: 'set_priority' }, { type: 'add_label' }], else: [{ type: 'stop' }] });
    draft.removeAction('actions.0.then', 0);
    expect((draft.definition.actions[0] as any).then.map((a: any) => a.type)).toEqual(['add_label']);
    expect(paths(draft)).toContain('actions.0.then.0.label:wf.err.required');
  });

  it('keeps a wait either a duration or a local time, and an assignment to an agent or a team', () => {
    const { draft } = reactivationDraft();
    draft.addAction('actions', 'wait');
    draft.addAction('actions', 'assign');
    const [, wait, assign] = draft.actions as any[];
    draft.setWaitMode(wait, 'time');
    draft.setAssignMode(assign, 'agent');
    assign.agentId = 'u1';
    expect(draft.definition.actions.slice(1)).toEqual([
      { id: 'wait-1', type: 'wait', untilLocalTime: '10:00' },
      { id: 'assign-1', type: 'assign', agentId: 'u1' },
    ]);
    draft.setAssignMode(assign, 'team');
    expect(paths(draft)).toEqual(['actions.2.teamId:wf.err.assignee']);
  });

  it('hands the fallback role on when its language is removed, and keeps the last language', () => {
    const { draft, key } = reactivationDraft();
    draft.addLanguage(key, 'tr');
    draft.templates[key]!.languages.tr!.body = 'Merhaba';
    draft.removeLanguage(key, 'en');
    expect(draft.templates[key]).toMatchObject({ fallbackLanguage: 'tr', languages: { tr: { body: 'Merhaba' } } });
    draft.removeLanguage(key, 'tr');
    expect(Object.keys(draft.templates[key]!.languages)).toEqual(['tr']);
  });

  it('names each field that needs attention before anything is sent', () => {
    const draft = new WorkflowDraft({ trigger: { type: 'inactivity', days: 0 } });
    expect(paths(draft)).toEqual(['name:wf.err.required', 'trigger.days:wf.err.positive', 'actions:wf.err.noActions']);
    draft.name = 'x';
    draft.trigger.days = 5;
    draft.addAction('actions', 'send_template');
    draft.addAction('actions', 'stop');
    draft.addAction('actions', 'add_note');
    draft.conditions.add({ field: 'contact.language', op: 'eq', value: '' });
    const key = Object.keys(draft.templates)[0]!;
    draft.templates[key]!.languages.en!.body = 'Hi {{contact.shoeSize}}';
    expect(paths(draft)).toEqual(['conditions:wf.err.unfinishedRule', 'actions.1:wf.err.afterStop', 'actions.2.body:wf.err.required', `templates.${key}.languages.en.body:wf.err.unknownVariable`]);
  });

  it("marks the server's 422 errors on their fields until the definition changes", () => {
    const { draft, key } = reactivationDraft();
    draft.applyServerErrors([
      { path: `templates.${key}.languages.en.body`, message: 'unknown variable {{contact.x}}' },
      { path: 'trigger.cron', message: 'bad' },
    ]);
    expect(draft.errorsAt(`templates.${key}.languages.en.body`).server.map((i) => i.message)).toEqual(['unknown variable {{contact.x}}']);
    expect(draft.serverIssues).toHaveLength(2);
    draft.name = 'Changed';
    expect(draft.errorsAt(`templates.${key}.languages.en.body`).server.map((i) => i.message)).toEqual([]);
  });

  it('opens every preset and saves it back unchanged in meaning', () => {
    for (const preset of [birthdayPreset({ withCoupon: true }), reactivationPreset(), complaintPreset({ teamId: 't1' })]) {
      const draft = new WorkflowDraft(preset);
      expect(draft.issues, preset.name).toEqual([]);
      const before = validateWorkflow(preset);
      const after = validateWorkflow(draft.definition);
      if (!before.ok || !after.ok) throw new Error(`${preset.name} invalid`);
      // No conditions and "all of nothing" mean the same: everyone.
      expect({ ...after.workflow, conditions: undefined }, preset.name).toEqual({ ...before.workflow, conditions: undefined });
      expect(after.workflow.conditions ?? { all: [] }).toEqual(before.workflow.conditions ?? { all: [] });
    }
  });
});

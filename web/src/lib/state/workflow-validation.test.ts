import { describe, expect, it } from 'vitest';
import type { WorkflowInput } from '../../../../workflows/model.ts';
import { validateDraft } from './workflow-validation';

const base = (): WorkflowInput => ({
  name: 'Birthday',
  trigger: { type: 'date_attribute', field: 'birthday', at: '09:00' },
  conditions: { all: [] },
  actions: [{ id: 'wait-1', type: 'wait', untilLocalTime: '10:00' }],
  templates: {},
  settings: { holdoutPercent: 0, quietHours: { start: '21:00', end: '09:00' } },
});

describe('validateDraft', () => {
  it('accepts a well-formed draft', () => {
    expect(validateDraft(base(), [])).toEqual([]);
  });

  it("words the core's format refusals (times, step ids, date fields, webhook URLs) at the core's paths", () => {
    const def: any = base();
    def.trigger = { type: 'date_attribute', field: 'birth day', at: '24:00' };
    def.actions = [
      { id: 'bad id!', type: 'wait', untilLocalTime: '9:5' },
      { id: 'hook', type: 'call_webhook', url: 'ftp://example.com', secretRef: 'k' },
      { id: 'hook', type: 'stop' },
    ];
    def.settings.quietHours = { start: '21:00', end: 'later' };
    expect(validateDraft(def, []).map((i) => `${i.path}:${i.key}`)).toEqual([
      'trigger.field:wf.err.dateField',
      'trigger.at:wf.err.time',
      'actions.0.id:wf.err.stepId',
      'actions.0.untilLocalTime:wf.err.time',
      'actions.1.url:wf.err.url',
      'actions.2.id:wf.err.duplicateId',
      'settings.quietHours.end:wf.err.time',
    ]);
  });

  it('says a schedule cron-parser cannot read is no schedule, before anything is sent', () => {
    const schedule = (cron: string): WorkflowInput => ({ ...base(), trigger: { type: 'schedule', cron } });
    expect(validateDraft(schedule('every monday'), []).map((i) => `${i.path}:${i.key}`)).toEqual(['trigger.cron:wf.err.invalidCron']);
    expect(validateDraft(schedule('0 9 * * 1'), [])).toEqual([]);
  });
});

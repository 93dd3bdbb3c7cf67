import { describe, expect, it } from 'vitest';
import { I18n } from '../i18n';
import { workflowPathLabel } from './workflow-path';

describe('workflowPathLabel', () => {
  it('names a problem’s field in the user’s words, in either language', () => {
    const i18n = new I18n();
    const paths = ['', 'name', 'trigger.cron', 'conditions.all.0.value', 'actions.1.then.0.template', 'templates.hi.languages.tr.body', 'settings.quietHours.start'];
    expect(paths.map((p) => workflowPathLabel(p, i18n.t))).toEqual(['Workflow', 'Name', 'Trigger', 'Only for contacts who match', 'Step 2', 'Message (tr)', 'Settings']);
    i18n.setLocale('tr');
    expect(workflowPathLabel('actions.0.delay', i18n.t)).toBe('1. adım');
    expect(workflowPathLabel('vars.x', i18n.t)).toBe('vars.x');
  });
});

// A workflow field's path, as a problem list names it, in the user's words: "Step 2", "Message (tr)", not "actions.1.then.0".
import type { Translate } from '../i18n';

export function workflowPathLabel(path: string, t: Translate): string {
  const [head, ...rest] = path.split('.');
  switch (head) {
    case '':
    case undefined:
      return t('wf.workflow');
    case 'name':
      return t('wf.name');
    case 'trigger':
      return t('wf.trigger');
    case 'conditions':
      return t('wf.conditions');
    case 'settings':
      return t('wf.settings');
    case 'actions': {
      // The step the problem is in, counted from 1 by its place in the top-level list (a branch's inner steps belong to it).
      const index = Number(rest[0]);
      return Number.isInteger(index) ? t('wf.stepN', { n: index + 1 }) : t('wf.steps');
    }
    case 'templates': {
      const language = rest[1] === 'languages' ? rest[2] : undefined;
      return language ? t('wf.body', { language }) : t('wf.steps');
    }
    default:
      return path;
  }
}

// For an editor's preview: every send step's template rendered in each of its languages for one contact.
import type { Facts } from '../facts.ts';
import type { WorkflowDefinition } from '../model.ts';
import { renderTemplate } from '../templates/render.ts';
import { indexSteps } from './steps.ts';

export interface LanguageRender {
  language: string;
  subject?: string;
  body: string;
  missingVariables: string[];
}

export interface StepRenders {
  step: string;
  template: string;
  /** The language this contact would actually get (their tag, its base, then the fallback). */
  chosenLanguage: string;
  renders: LanguageRender[];
}

/** Each language is rendered as if the contact spoke it, so money and dates follow that language too. */
export function renderLanguages(workflow: Pick<WorkflowDefinition, 'actions' | 'templates'>, facts: Facts): StepRenders[] {
  const out: StepRenders[] = [];
  for (const { action } of indexSteps(workflow.actions).values()) {
    if (action.type !== 'send_template') continue;
    const template = workflow.templates[action.template];
    if (!template) continue;
    const renders = Object.keys(template.languages).map((language) => {
      const r = renderTemplate(template, { ...facts, contact: { ...facts.contact, language } });
      return { language: r.language, subject: r.subject, body: r.body, missingVariables: r.missing };
    });
    out.push({ step: action.id, template: action.template, chosenLanguage: renderTemplate(template, facts).language, renders });
  }
  return out;
}

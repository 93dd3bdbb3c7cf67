// Save-time validation: schema errors plus the cross-references zod cannot see (templates, variables, ids, cron).
import { CronExpressionParser } from 'cron-parser';
import type { Action, WorkflowDefinition } from './model.ts';
import { workflowSchema } from './model.ts';
import { parsePlaceholders, strayBrace } from './templates/parse-template.ts';
import { isKnownVariable } from './templates/variables.ts';

export interface ValidationError {
  /** Dot/bracket path into the definition, e.g. `templates.greeting.languages.tr.body`. */
  path: string;
  message: string;
  /**
   * For the problems only the server can find, a code a client can say in its user's words (the message stays English):
   * `invalid_cron`, a schedule cron-parser cannot read; `destination_not_allowed`, a webhook step to a private address.
   */
  code?: 'invalid_cron' | 'destination_not_allowed';
}

export type ValidationResult = { ok: true; workflow: WorkflowDefinition } | { ok: false; errors: ValidationError[] };

export interface ValidationOptions {
  /** Why the server will never call this webhook URL (a private literal address), or undefined. Injected: policy is the server's. */
  checkUrl?(url: string): Pick<ValidationError, 'message' | 'code'> | undefined;
}

export function validateWorkflow(input: unknown, options: ValidationOptions = {}): ValidationResult {
  const parsed = workflowSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  const workflow = parsed.data;
  const errors = [...checkTrigger(workflow), ...checkTemplates(workflow), ...checkActions(workflow, options)];
  return errors.length ? { ok: false, errors } : { ok: true, workflow };
}

function checkTrigger(workflow: WorkflowDefinition): ValidationError[] {
  if (workflow.trigger.type !== 'schedule') return [];
  try {
    CronExpressionParser.parse(workflow.trigger.cron);
    return [];
  } catch (error) {
    return [{ path: 'trigger.cron', message: `invalid cron expression: ${(error as Error).message}`, code: 'invalid_cron' }];
  }
}

function checkTemplates(workflow: WorkflowDefinition): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const [key, template] of Object.entries(workflow.templates)) {
    if (!template.languages[template.fallbackLanguage]) {
      errors.push({ path: `templates.${key}.fallbackLanguage`, message: `fallback language "${template.fallbackLanguage}" has no text` });
    }
    for (const [language, variant] of Object.entries(template.languages)) {
      errors.push(...checkText(variant.body, `templates.${key}.languages.${language}.body`));
      if (variant.subject) errors.push(...checkText(variant.subject, `templates.${key}.languages.${language}.subject`));
    }
  }
  return errors;
}

export function checkText(text: string, path: string): ValidationError[] {
  const errors: ValidationError[] = parsePlaceholders(text).flatMap((p) => {
    if (p.error) return [{ path, message: p.error }];
    if (!isKnownVariable(p.name)) return [{ path, message: `unknown variable {{${p.name}}}` }];
    return [];
  });
  // A brace left open ("Hi {{contact.firstName") is no placeholder at all: it would reach the customer as typed.
  const stray = strayBrace(text);
  if (stray) errors.push({ path, message: stray === '{{' ? 'a "{{" is never closed with "}}"' : 'a "}}" closes no "{{"' });
  return errors;
}

function checkActions(workflow: WorkflowDefinition, options: ValidationOptions): ValidationError[] {
  const errors: ValidationError[] = [];
  const seen = new Set<string>();
  const visit = (actions: Action[], path: string) => {
    actions.forEach((action, i) => {
      const here = `${path}.${i}`;
      if (seen.has(action.id)) errors.push({ path: `${here}.id`, message: `duplicate step id "${action.id}"` });
      seen.add(action.id);
      if (action.type === 'send_template' && !workflow.templates[action.template]) {
        errors.push({ path: `${here}.template`, message: `template "${action.template}" is not defined` });
      }
      if (action.type === 'add_note') errors.push(...checkText(action.body, `${here}.body`));
      if (action.type === 'call_webhook') {
        const refusal = options.checkUrl?.(action.url);
        if (refusal) errors.push({ path: `${here}.url`, ...refusal });
      }
      if (action.type === 'stop' && i < actions.length - 1) {
        errors.push({ path: here, message: 'steps after stop can never run' });
      }
      if (action.type === 'branch') {
        visit(action.then, `${here}.then`);
        visit(action.else ?? [], `${here}.else`);
      }
    });
  };
  visit(workflow.actions, 'actions');
  return errors;
}

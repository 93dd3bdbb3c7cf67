// Splits `{{ path | "fallback" }}` / `{{ path | money }}` placeholders out of a template body.
import { KNOWN_FORMATS, type VariableFormat } from './variables.ts';

export interface Placeholder {
  /** The full `{{ ... }}` text, to replace. */
  raw: string;
  name: string;
  fallback?: string;
  format?: VariableFormat;
  /** Set when the placeholder cannot be understood (a typo like `{{ contact. }}`). */
  error?: string;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const NAME = /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/;
const QUOTED = /^"([^"]*)"$/;

export function parsePlaceholders(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => parseOne(match[0], match[1]));
}

function parseOne(raw: string, inner: string): Placeholder {
  const [namePart, ...pipes] = inner.split('|').map((part) => part.trim());
  const placeholder: Placeholder = { raw, name: namePart };
  if (!NAME.test(namePart)) return { ...placeholder, error: `"${namePart}" is not a variable name` };
  for (const pipe of pipes) {
    const quoted = QUOTED.exec(pipe);
    if (quoted) placeholder.fallback = quoted[1];
    else if ((KNOWN_FORMATS as readonly string[]).includes(pipe)) placeholder.format = pipe as VariableFormat;
    else return { ...placeholder, error: `unknown filter "${pipe}" (use a "quoted fallback" or ${KNOWN_FORMATS.join(', ')})` };
  }
  return placeholder;
}

/** The first `{{` or `}}` outside any placeholder ("Hi {{contact.firstName"), which rendering would leave as typed. */
export function strayBrace(template: string): '{{' | '}}' | undefined {
  return /\{\{|\}\}/.exec(template.replace(PLACEHOLDER, ''))?.[0] as '{{' | '}}' | undefined;
}

/** Variable names used by a template, in order of first use. */
export function extractVariables(template: string): string[] {
  return [...new Set(parsePlaceholders(template).map((p) => p.name))];
}

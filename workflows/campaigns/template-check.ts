// The template check before a campaign starts: which variables would render blank, and for how many of its audience.
import type { Facts } from '../facts.ts';
import type { TemplateDefinition } from '../model.ts';
import { renderTemplate } from '../templates/render.ts';

export interface MissingVariable {
  variable: string;
  /** Audience members for whom it has no value (and the placeholder has no fallback). */
  contacts: number;
  /** A few of them, to open one and see. */
  sampleContactIds: string[];
}

export interface TemplateCheck {
  ok: boolean;
  missing: MissingVariable[];
}

const SAMPLE = 5;

/** Counts, one contact at a time, the variables each contact's message would leave blank; pages can be fed in turn. */
export class TemplateCheckTally {
  #missing = new Map<string, MissingVariable>();

  constructor(private readonly template: TemplateDefinition) {}

  add(facts: Facts): void {
    for (const variable of renderTemplate(this.template, facts).missing) {
      const entry = this.#missing.get(variable) ?? { variable, contacts: 0, sampleContactIds: [] };
      entry.contacts++;
      if (entry.sampleContactIds.length < SAMPLE) entry.sampleContactIds.push(facts.contact.id);
      this.#missing.set(variable, entry);
    }
  }

  result(): TemplateCheck {
    const missing = [...this.#missing.values()].sort((a, b) => b.contacts - a.contacts || a.variable.localeCompare(b.variable));
    return { ok: missing.length === 0, missing };
  }
}

/** The refusal in words, e.g. `{{contact.firstName}} has no value for 12 contacts and no fallback (write {{contact.firstName | "…"}})`. */
export function describeMissing(check: TemplateCheck): string {
  return check.missing.map((m) => `{{${m.variable}}} has no value for ${m.contacts} ${m.contacts === 1 ? 'contact' : 'contacts'} and no fallback (write {{${m.variable} | "…"}})`).join('; ');
}

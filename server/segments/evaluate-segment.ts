// Evaluates a segment's condition tree over every contact, in keyset batches, with the pure evaluator.
import { evaluate } from '../../workflows/conditions/evaluate.ts';
import type { Condition } from '../../workflows/conditions/schema.ts';
import type { ContactFacts, Facts } from '../../workflows/facts.ts';
import type { DbOrTx } from '../db/client.ts';
import { contactFactsPage } from './load-contact-facts.ts';

export const SEGMENT_BATCH = 1_000;

/** Yields each batch of matching contacts' facts; conditions read `contact.*`, `now` and, when given, `workspace.*`. */
export async function* matchingContacts(db: DbOrTx, conditions: Condition, now: Date, batch = SEGMENT_BATCH, workspace?: Facts['workspace']): AsyncGenerator<ContactFacts[]> {
  let after: string | null = null;
  do {
    const page: { facts: ContactFacts[]; next: string | null } = await contactFactsPage(db, after, batch);
    const hits = page.facts.filter((contact) => evaluate(conditions, { contact, now, ...(workspace ? { workspace } : {}) }));
    if (hits.length) yield hits;
    after = page.next;
  } while (after);
}

/** The live count and a few example contacts, for the segment editor. */
export async function previewSegment(db: DbOrTx, conditions: Condition, now: Date, sampleSize = 10) {
  let count = 0;
  const sample: Array<Pick<ContactFacts, 'id' | 'name' | 'email' | 'phone' | 'language' | 'timeZone' | 'labels'>> = [];
  for await (const hits of matchingContacts(db, conditions, now)) {
    count += hits.length;
    for (const c of hits.slice(0, sampleSize - sample.length)) {
      sample.push({ id: c.id, name: c.name, email: c.email, phone: c.phone, language: c.language, timeZone: c.timeZone, labels: c.labels });
    }
  }
  return { count, sample };
}

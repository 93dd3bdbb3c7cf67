// Edits a contact's profile (PATCH /api/contacts/:id), recording `contact.updated` only when a field really changes.
import { isDeepStrictEqual } from 'node:util';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import { contactIdentities, contacts } from '../db/schema/index.ts';
import { searchTextFor } from '../inbound/resolve-contact.ts';
import { invalidField, notFound } from '../errors.ts';
import { coerceAttributes, loadAttributeTypes } from '../attributes/attribute-definitions.ts';
import { recordEvent, transact } from '../events/record-event.ts';
import { parseBirthday } from '../lib/validators.ts';
import type { contactPatch } from './contact-input.ts';

export type ContactPatch = z.infer<typeof contactPatch>;
type ContactRow = typeof contacts.$inferSelect;
type PatchedColumns = Partial<Pick<ContactRow, 'name' | 'language' | 'timeZone' | 'currency' | 'birthdayYear' | 'birthdayMonth' | 'birthdayDay' | 'preferredChannel' | 'attributes' | 'labels'>>;

/** The columns each patch field writes, in the order `changed` names the fields: a field changed when any of its columns did. */
const COLUMNS: Record<keyof ContactPatch, Array<keyof PatchedColumns>> = {
  name: ['name'],
  language: ['language'],
  timeZone: ['timeZone'],
  currency: ['currency'],
  birthday: ['birthdayYear', 'birthdayMonth', 'birthdayDay'],
  preferredChannel: ['preferredChannel'],
  attributes: ['attributes'],
  labels: ['labels'],
};

/**
 * A patch that leaves every field as it was (sent twice, or empty) writes nothing and records nothing, so integrators
 * and listeners hear of real changes only, each naming the fields that changed.
 */
export async function updateContact(deps: { database: Database; now(): Date }, id: string, patch: ContactPatch): Promise<void> {
  await transact(deps.database, async (tx) => {
    const [before] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
    if (!before || before.erasedAt) throw notFound('contact');
    const typed = patch.attributes ? coerceAttributes(patch.attributes, await loadAttributeTypes(tx)) : undefined;
    if (typed && !typed.ok) throw invalidField('attributes', `attributes: ${typed.reason}`);
    const values = patchedColumns(before, { ...patch, ...(typed ? { attributes: typed.values } : {}) });
    const changed = (Object.keys(COLUMNS) as Array<keyof ContactPatch>).filter((field) => field in patch && COLUMNS[field].some((column) => !isDeepStrictEqual(before[column], values[column])));
    if (!changed.length) return;
    // A new name is found by search at once: the search words are the name and the identities.
    const searchText = changed.includes('name') ? searchTextFor(values.name, await tx.select().from(contactIdentities).where(eq(contactIdentities.contactId, id))) : undefined;
    await tx
      .update(contacts)
      .set({ ...values, ...(searchText !== undefined ? { searchText } : {}), updatedAt: deps.now() })
      .where(eq(contacts.id, id));
    await recordEvent(tx, { type: 'contact.updated', contactId: id, payload: { changed } });
  });
}

/** The columns a patch writes (pure), its attributes already typed: they merge into the stored ones, null removing one; labels are kept once each. */
function patchedColumns(before: ContactRow, patch: Omit<ContactPatch, 'attributes'> & { attributes?: Record<string, unknown> }): PatchedColumns {
  const { birthday, attributes, labels, ...rest } = patch;
  const b = birthday ? parseBirthday(birthday)! : undefined;
  return {
    ...rest,
    ...(birthday !== undefined ? { birthdayYear: b?.year ?? null, birthdayMonth: b?.month ?? null, birthdayDay: b?.day ?? null } : {}),
    ...(attributes ? { attributes: Object.fromEntries(Object.entries({ ...before.attributes, ...attributes }).filter(([, v]) => v !== null)) } : {}),
    ...(labels ? { labels: [...new Set(labels)] } : {}),
  };
}

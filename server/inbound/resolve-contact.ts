// Finds or creates the one contact behind a set of sender identities, attaching identities it did not have yet.
import { randomUUID } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import type { Identity } from '../../connectors/channel.ts';
import { apiIdentityParts } from '../../connectors/channel-kinds.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { insertRows } from '../db/insert-rows.ts';
import { contactIdentities, contacts } from '../db/schema/index.ts';
import { foldText } from '../lib/fold-text.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordEvent, recordEvents, type EventToRecord } from '../events/record-event.ts';

export interface ResolvedContact {
  contactId: string;
  /** The contact is new: the caller records its `contact.created` (contact-created.ts), with what it knows of its origin. */
  created: boolean;
}

/**
 * Serializes concurrent work on the same identities (first message from a new sender on two channels at once).
 * Every transaction takes its locks in one global order (sorted keys, one statement), so two of them — a message
 * alone, or a batch of many senders (group-commit.ts) — never wait on each other in a cycle.
 */
export async function lockIdentities(tx: Tx, identities: Identity[]): Promise<void> {
  const keys = [...new Set(identities.map((i) => `identity:${i.kind}:${i.value}`))].sort();
  if (keys.length === 1) await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${keys[0]}, 0))`);
  // One parameter whatever the count, so the prepared statement is one; locks are taken after the sort (ORDER BY runs first).
  else if (keys.length > 1)
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) with ordinality as t(k, n) order by n`);
}

export interface ContactProfile {
  name?: string;
  /** The language the channel reports (Telegram's language_code). */
  language?: string;
  /** Read from the message when the channel does not say; asked only while the contact's language is unknown. */
  guessLanguage?: () => Promise<string | undefined>;
  seenAt: Date;
}

/** The contacts that already hold any of these identities (`resolveContact` reads them; a caller may read them sooner). */
export function findIdentities(tx: Tx, identities: Identity[]) {
  return tx
    .select({ contactId: contactIdentities.contactId, kind: contactIdentities.kind, value: contactIdentities.value, name: contacts.name, language: contacts.language })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(or(...identities.map((i) => and(eq(contactIdentities.kind, i.kind), eq(contactIdentities.value, i.value)))));
}

export type FoundIdentity = Awaited<ReturnType<typeof findIdentities>>[number];

/** `findIdentities` for a whole batch of senders in one statement: one parameter per column whatever their number. */
export function findIdentitiesOfBatch(tx: Tx, identities: Identity[]) {
  return tx
    .select({ contactId: contactIdentities.contactId, kind: contactIdentities.kind, value: contactIdentities.value, name: contacts.name, language: contacts.language })
    .from(contactIdentities)
    .innerJoin(contacts, eq(contacts.id, contactIdentities.contactId))
    .where(
      sql`(${contactIdentities.kind}, ${contactIdentities.value}) in (select * from unnest(${sqlArray(
        identities.map((i) => i.kind),
        'text',
      )}, ${sqlArray(
        identities.map((i) => i.value),
        'text',
      )}))`,
    );
}

/** `found`: what `findIdentities` read for these identities in this transaction, under their locks. */
export async function resolveContact(tx: Tx, identities: Identity[], profile: ContactProfile, found?: FoundIdentity[]): Promise<ResolvedContact> {
  const languageOf = async () => profile.language ?? (await profile.guessLanguage?.());
  if (identities.length === 0) throw new Error('a message needs at least one sender identity');
  found ??= await findIdentities(tx, identities);

  if (found.length === 0) {
    const contactId = randomUUID();
    await createContacts(tx, [{ id: contactId, identities, name: profile.name, language: (await languageOf()) ?? null, seenAt: profile.seenAt }]);
    return { contactId, created: true };
  }
  // The primary (first) identity wins; other contacts sharing an identity become a merge suggestion.
  const primary = identities[0]!;
  const contactId = (found.find((f) => f.kind === primary.kind && f.value === primary.value) ?? found[0]!).contactId;
  const others = [...new Set(found.map((f) => f.contactId))].filter((id) => id !== contactId);
  for (const other of others) {
    await recordEvent(tx, { type: 'contact.merge_suggested', contactId, payload: { intoId: contactId, fromId: other, reason: 'shared identity' } });
  }

  const known = new Set(found.map((f) => `${f.kind}:${f.value}`));
  const missing = identities.filter((i) => !known.has(`${i.kind}:${i.value}`));
  if (missing.length) await tx.execute(sql`${insertRows(contactIdentities, identityRows(contactId, missing))} on conflict do nothing`);
  for (const i of identities.filter((i) => i.attributes && known.has(`${i.kind}:${i.value}`))) {
    await tx
      .update(contactIdentities)
      .set({ attributes: sql`${contactIdentities.attributes} || ${JSON.stringify(i.attributes)}::jsonb` })
      .where(and(eq(contactIdentities.kind, i.kind), eq(contactIdentities.value, i.value)));
  }
  // Only touch the contact when this message teaches us something: a first name or language, or a new identity.
  const current = found.find((f) => f.contactId === contactId);
  // An agent's choice (or an earlier detection) stays: the language is only filled in while unknown.
  const language = !current?.language ? await languageOf() : undefined;
  if ((profile.name && !current?.name) || language || missing.length) {
    await refreshContactProfile(tx, contactId, { name: profile.name, language });
  }
  return { contactId, created: false };
}

/** A contact to create, with the id chosen by the caller. */
export interface NewContact {
  id: string;
  identities: Identity[];
  name?: string;
  language: string | null;
  seenAt: Date;
}

/**
 * Creates contacts with their identities, and proposes merges with contacts of the same full name: three or four
 * statements whatever their number — one sender's first message, or every new sender of a group-commit batch
 * (new-senders.ts). The caller holds the identities' locks and found none of them, and records `contact.created`.
 */
export async function createContacts(tx: Tx, created: NewContact[]): Promise<void> {
  if (!created.length) return;
  const suggestions = await sameNameSuggestions(
    tx,
    created.map((c) => ({ contactId: c.id, name: c.name })),
  );
  await Promise.all([
    tx.execute(
      insertRows(
        contacts,
        created.map((c) => ({ id: c.id, name: c.name ?? null, language: c.language, firstSeenAt: c.seenAt, searchText: searchTextFor(c.name, c.identities) })),
      ),
    ),
    tx.execute(
      sql`${insertRows(
        contactIdentities,
        created.flatMap((c) => identityRows(c.id, c.identities)),
      )} on conflict do nothing`,
    ),
  ]);
  await recordEvents(tx, suggestions);
}

/**
 * A new contact whose full name (two words or more) matches other contacts is probably one of them writing from another
 * channel or imported twice: the merge is proposed for an agent to confirm, never made on a name alone. For contacts
 * about to be created, in the order they are created (call it before inserting them): up to three each, oldest first —
 * existing contacts of that name, then those earlier in the list. Used by ingest (one sender or a batch's new senders)
 * and by the contacts import.
 */
export async function sameNameSuggestions(tx: Tx, fresh: Array<{ contactId: string; name?: string | null }>): Promise<EventToRecord[]> {
  const named = fresh.flatMap((c) => {
    const name = fullName(c.name);
    return name ? [{ contactId: c.contactId, name }] : [];
  });
  const older = await findSameNames(
    tx,
    named.map((n) => n.name),
  );
  // The contacts of each name created earlier in this list, kept as the list is walked (an import batch has 1,000).
  const earlier = new Map<string, string[]>();
  return named.flatMap(({ contactId, name }, k) => {
    const key = name.toLowerCase();
    const before = earlier.get(key) ?? [];
    if (before.length < 3) earlier.set(key, [...before, contactId]);
    const into = [...older[k]!, ...before].slice(0, 3);
    return into.map((intoId) => ({ type: 'contact.merge_suggested' as const, contactId, payload: { intoId, fromId: contactId, reason: 'same name' } }));
  });
}

const identityRows = (contactId: string, identities: Identity[]) => identities.map((i) => ({ contactId, kind: i.kind, value: i.value, attributes: i.attributes ?? {} }));

/** The name with its spaces tidied when it has two words or more: one word ("Ali") says too little to suggest a merge. */
function fullName(name: string | null | undefined): string | undefined {
  const clean = name?.trim().replace(/\s+/g, ' ');
  return clean && clean.split(' ').length >= 2 ? clean : undefined;
}

/**
 * For each name, up to three contacts of that name (case aside, erased ones aside), oldest first: one lookup in the
 * lower(name) index per name. The inner query stands alone (`offset 0`) so no plan can walk every contact by creation
 * time instead, as one made while the table looked empty might.
 */
async function findSameNames(tx: Tx, names: string[]): Promise<string[][]> {
  if (!names.length) return [];
  const rows = rowsOf<{ i: number; id: string }>(
    await tx.execute(sql`select n.i::int as i, s.id from unnest(${sqlArray(names, 'text')}) with ordinality as n(name, i)
      cross join lateral (
        select id, created_at from (select id, created_at from contacts where lower(name) = lower(n.name) and erased_at is null offset 0) same
        order by created_at, id limit 3
      ) s
      order by n.i, s.created_at, s.id`),
  );
  const byName: string[][] = names.map(() => []);
  for (const row of rows) byName[Number(row.i) - 1]!.push(row.id);
  return byName;
}

async function refreshContactProfile(tx: Tx, contactId: string, profile: { name?: string; language?: string }) {
  const ids = await tx.select({ kind: contactIdentities.kind, value: contactIdentities.value }).from(contactIdentities).where(eq(contactIdentities.contactId, contactId));
  const [current] = await tx.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, contactId));
  const name = current?.name ?? profile.name ?? null;
  await tx
    .update(contacts)
    .set({
      name,
      language: sql`coalesce(${contacts.language}, ${profile.language ?? null})`,
      searchText: searchTextFor(name ?? undefined, ids),
      updatedAt: new Date(),
    })
    .where(eq(contacts.id, contactId));
}

/**
 * What finds a contact: the name and each identity as people type it — a phone with and without its +, an API
 * identity by the integrator's own id (its channel's id would make every contact of the channel match its digits).
 */
export function searchTextFor(name: string | undefined | null, identities: Array<Pick<Identity, 'kind' | 'value'>>): string {
  const searchable = (i: Pick<Identity, 'kind' | 'value'>) => (i.kind === 'phone' ? `${i.value} ${i.value.replace('+', '')}` : i.kind === 'api' ? (apiIdentityParts(i.value)?.id ?? i.value) : i.value);
  return foldText([name ?? '', ...identities.map(searchable)].join(' '));
}

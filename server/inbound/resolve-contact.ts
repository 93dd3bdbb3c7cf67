// Finds or creates the one contact behind a set of sender identities, attaching identities it did not have yet.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Identity } from '../../connectors/channel.ts';
import { rowsOf, type Tx } from '../db/client.ts';
import { insertRows } from '../db/insert-rows.ts';
import { contactIdentities, contacts } from '../db/schema/index.ts';
import { foldText } from '../lib/fold-text.ts';
import { sqlArray } from '../db/sql-array.ts';
import { recordEvent, recordEvents } from '../events/record-event.ts';

export interface ResolvedContact {
  contactId: string;
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

  let contactId: string;
  let created = false;
  // A new contact's row goes down with its identities below: its id is chosen here, not read back.
  let insertContact: Promise<unknown> | undefined;
  if (found.length === 0) {
    contactId = randomUUID();
    created = true;
    const language = (await languageOf()) ?? null;
    insertContact = tx.execute(insertRows(contacts, [{ id: contactId, name: profile.name ?? null, language, firstSeenAt: profile.seenAt, searchText: searchTextFor(profile.name, identities) }]));
  } else {
    // The primary (first) identity wins; other contacts sharing an identity become a merge suggestion.
    const primary = identities[0]!;
    contactId = (found.find((f) => f.kind === primary.kind && f.value === primary.value) ?? found[0]!).contactId;
    const others = [...new Set(found.map((f) => f.contactId))].filter((id) => id !== contactId);
    for (const other of others) {
      await recordEvent(tx, { type: 'contact.merge_suggested', contactId, payload: { intoId: contactId, fromId: other, reason: 'shared identity' } });
    }
  }

  const known = new Set(found.map((f) => `${f.kind}:${f.value}`));
  const missing = identities.filter((i) => !known.has(`${i.kind}:${i.value}`));
  // Independent writes and reads, sent together in this order (postgres.js pipelines them).
  await Promise.all([
    insertContact,
    missing.length
      ? tx.execute(
          sql`${insertRows(
            contactIdentities,
            missing.map((i) => ({ contactId, kind: i.kind, value: i.value, attributes: i.attributes ?? {} })),
          )} on conflict do nothing`,
        )
      : undefined,
    created ? suggestSameName(tx, contactId, profile.name) : undefined,
  ]);
  for (const i of identities.filter((i) => i.attributes && known.has(`${i.kind}:${i.value}`))) {
    await tx
      .update(contactIdentities)
      .set({ attributes: sql`${contactIdentities.attributes} || ${JSON.stringify(i.attributes)}::jsonb` })
      .where(and(eq(contactIdentities.kind, i.kind), eq(contactIdentities.value, i.value)));
  }
  // Only touch the contact when this message teaches us something: a first name or language, or a new identity.
  const current = found.find((f) => f.contactId === contactId);
  // An agent's choice (or an earlier detection) stays: the language is only filled in while unknown.
  const language = !created && !current?.language ? await languageOf() : undefined;
  if (!created && ((profile.name && !current?.name) || language || missing.length)) {
    await refreshContactProfile(tx, contactId, { name: profile.name, language });
  }
  return { contactId, created };
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

export function searchTextFor(name: string | undefined | null, identities: Array<Pick<Identity, 'kind' | 'value'>>): string {
  const parts = [name ?? '', ...identities.map((i) => (i.kind === 'phone' ? `${i.value} ${i.value.replace('+', '')}` : i.value))];
  return foldText(parts.join(' '));
}

/**
 * A new contact whose full name (two words or more) matches existing contacts is probably one of them writing
 * from another channel: propose the merge for an agent to confirm, never merge on a name alone.
 */
async function suggestSameName(tx: Tx, contactId: string, name: string | undefined) {
  const clean = name?.trim().replace(/\s+/g, ' ');
  if (!clean || clean.split(' ').length < 2) return;
  const same = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(sql`lower(${contacts.name}) = lower(${clean})`, ne(contacts.id, contactId), isNull(contacts.erasedAt)))
    .orderBy(asc(contacts.createdAt))
    .limit(3);
  if (same.length)
    await recordEvents(
      tx,
      same.map((s) => ({ type: 'contact.merge_suggested' as const, contactId, payload: { intoId: s.id, fromId: contactId, reason: 'same name' } })),
    );
}

// Resolves the customers of a batch of orders or events to contacts, through the same identities as messages.
import { sql } from 'drizzle-orm';
import type { Identity } from '../../connectors/channel.ts';
import { rowsOf, type DbOrTx, type Tx } from '../db/client.ts';
import { sqlArray } from '../db/sql-array.ts';
import { normalizeIdentities } from '../lib/normalize-identity.ts';
import { lockIdentities, resolveContact } from '../inbound/resolve-contact.ts';
import { contactCreated } from '../contacts/contact-created.ts';
import { recordEvents } from '../events/record-event.ts';
import type { ContactRef } from './order-input.ts';

/**
 * A customer's identities, email first (the primary one), then phone, then the shop's own customer id.
 * The shop id is an `api` identity scoped by source, so two shops' customer 17 stay two people.
 */
export function customerIdentities(ref: ContactRef, source: string, region: string): Identity[] {
  const raw: Identity[] = [];
  if (ref.email) raw.push({ kind: 'email', value: ref.email });
  if (ref.phone) raw.push({ kind: 'phone', value: ref.phone });
  if (ref.externalId) raw.push({ kind: 'api', value: `${source}:${ref.externalId}` });
  return normalizeIdentities(raw, region);
}

/** Why a customer could not be resolved, in words, or undefined when it can be. */
export function unusableCustomer(ref: ContactRef, identities: Identity[]): string | undefined {
  if (ref.email && !identities.some((i) => i.kind === 'email')) return `contact.email: "${ref.email}" is not an email address`;
  if (ref.phone && !identities.some((i) => i.kind === 'phone')) return `contact.phone: "${ref.phone}" is not a phone number`;
  if (!identities.length) return 'contact: needs an email, a phone number or an externalId';
  return undefined;
}

const keyOf = (i: Identity) => `${i.kind}:${i.value}`;

/** Identities already stored, by `kind:value`, with their contact and whether it has a name. */
export type KnownIdentities = Map<string, { contactId: string; named: boolean }>;

/** Looks up every identity of a batch's customers in one query. */
export async function findKnownIdentities(db: DbOrTx, customers: Array<{ identities: Identity[] }>): Promise<KnownIdentities> {
  const all = [...new Map(customers.flatMap((c) => c.identities).map((i) => [keyOf(i), i])).values()];
  const known: KnownIdentities = new Map();
  if (!all.length) return known;
  const rows = rowsOf<{ kind: string; value: string; contact_id: string; named: boolean }>(
    await db.execute(sql`select i.kind, i.value, i.contact_id, c.name is not null as named
      from contact_identities i join contacts c on c.id = i.contact_id
      where (i.kind, i.value) in (select * from unnest(${sqlArray(
        all.map((i) => i.kind),
        'text',
      )}, ${sqlArray(
        all.map((i) => i.value),
        'text',
      )}))`),
  );
  for (const r of rows) known.set(`${r.kind}:${r.value}`, { contactId: r.contact_id, named: r.named });
  return known;
}

/**
 * One contact id per customer, in input order. Customers whose every identity is already known on one named contact
 * are found with one query for the whole batch (or from `readBefore`, read before the transaction began); the others go
 * through resolveContact (which creates the contact, with no consent of any kind, or attaches the new identities),
 * one at a time under the identity locks, so they always see what is committed. The contacts created are announced
 * together, `source` saying what named them.
 */
export async function resolveCustomers(tx: Tx, customers: Array<{ identities: Identity[]; name?: string }>, seenAt: Date, source: 'order' | 'event', readBefore?: KnownIdentities): Promise<string[]> {
  // A copy of what was read ahead: the walk below adds to it, and a batch written again starts from the original.
  const known = readBefore ? new Map(readBefore) : await findKnownIdentities(tx, customers);
  const out: string[] = [];
  const created: string[] = [];
  for (const customer of customers) {
    const found = customer.identities.map((i) => known.get(keyOf(i)));
    const first = found[0];
    const settled = first && found.every((f) => f?.contactId === first.contactId) && (first.named || !customer.name);
    if (settled) {
      out.push(first.contactId);
      continue;
    }
    await lockIdentities(tx, customer.identities);
    const { contactId, created: isNew } = await resolveContact(tx, customer.identities, { name: customer.name || undefined, seenAt });
    if (isNew) created.push(contactId);
    for (const i of customer.identities) known.set(keyOf(i), { contactId, named: !!customer.name || !!first?.named });
    out.push(contactId);
  }
  await recordEvents(
    tx,
    created.map((id) => contactCreated(id, { source })),
  );
  return out;
}

// Builds the pure rules' Facts for contacts, a page at a time: contact row + identities (suppression marked) + consents.
import { and, asc, gt, inArray, isNull } from 'drizzle-orm';
import type { ChannelKind, IdentityKind } from '../../connectors/channel.ts';
import { nameParts, type ConsentFact, type ContactFacts } from '../../workflows/facts.ts';
import type { DbOrTx } from '../db/client.ts';
import { consents, contactIdentities, contacts, contactValue } from '../db/schema/index.ts';
import { groupBy } from '../lib/group-by.ts';
import { suppressedIdentities } from '../consent/suppressions.ts';
import { loadAttributeTypes } from '../attributes/attribute-definitions.ts';
import { IDENTITY_ORDER } from '../contacts/identities-of.ts';

type ContactRow = typeof contacts.$inferSelect;

/** Facts for the given contact ids (order not guaranteed); erased contacts are left out. */
export async function loadContactFacts(db: DbOrTx, ids: string[]): Promise<ContactFacts[]> {
  if (!ids.length) return [];
  const rows = await db
    .select()
    .from(contacts)
    .where(and(inArray(contacts.id, ids), isNull(contacts.erasedAt)));
  return factsForRows(db, rows);
}

/** One keyset page of contacts (by id) after `afterId`, as facts; `next` is null on the last page. */
export async function contactFactsPage(db: DbOrTx, afterId: string | null, limit: number): Promise<{ facts: ContactFacts[]; next: string | null }> {
  const rows = await db
    .select()
    .from(contacts)
    .where(and(isNull(contacts.erasedAt), afterId ? gt(contacts.id, afterId) : undefined))
    .orderBy(asc(contacts.id))
    .limit(limit);
  return { facts: await factsForRows(db, rows), next: rows.length === limit ? rows.at(-1)!.id : null };
}

/** Facts for contact rows already read: their deliverable identities and consents, grouped in one pass. */
export async function factsForRows(db: DbOrTx, rows: ContactRow[]): Promise<ContactFacts[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  // Sequential on purpose: `db` may be a transaction, which runs one query at a time anyway.
  const identities = await db
    .select()
    .from(contactIdentities)
    .where(inArray(contactIdentities.contactId, ids))
    .orderBy(...IDENTITY_ORDER);
  const consentRows = await db.select().from(consents).where(inArray(consents.contactId, ids));
  const deliverable = identities.filter((i) => !i.undeliverable);
  const suppressed = await suppressedIdentities(db, deliverable);
  const values = new Map((await db.select().from(contactValue).where(inArray(contactValue.contactId, ids))).map((v) => [v.contactId, v]));
  // One small read per page, shared by every contact's facts, so conditions compare attributes by their declared type.
  const attributeTypes = await loadAttributeTypes(db);
  const identitiesBy = groupBy(deliverable, (i) => i.contactId);
  const consentsBy = groupBy(consentRows, (c) => c.contactId);
  return rows.map((row) => ({ ...toFacts(row, identitiesBy.get(row.id) ?? [], consentsBy.get(row.id) ?? [], suppressed), ...valueFacts(values.get(row.id)), attributeTypes }));
}

function toFacts(row: ContactRow, identities: Array<typeof contactIdentities.$inferSelect>, consentRows: Array<typeof consents.$inferSelect>, suppressed: Set<string>): ContactFacts {
  const consentFacts: Partial<Record<ChannelKind | 'all', ConsentFact>> = {};
  for (const c of consentRows) consentFacts[c.channel as ChannelKind | 'all'] = { status: c.status, at: c.at, source: c.source };
  return {
    id: row.id,
    name: row.name ?? undefined,
    ...nameParts(row.name),
    email: identities.find((i) => i.kind === 'email')?.value,
    phone: identities.find((i) => i.kind === 'phone')?.value,
    language: row.language ?? undefined,
    timeZone: row.timeZone ?? undefined,
    currency: row.currency ?? undefined,
    birthday: birthdayOf(row),
    preferredChannel: (row.preferredChannel as ChannelKind | null) ?? undefined,
    identities: identities.map((i) => ({ kind: i.kind as IdentityKind, value: i.value, ...(suppressed.has(`${i.kind}:${i.value}`) && { suppressed: true }) })),
    consents: consentFacts,
    labels: row.labels,
    attributes: row.attributes,
    firstSeenAt: row.firstSeenAt,
    lastInboundAt: row.lastInboundAt ?? undefined,
    lastInboundChannel: (row.lastChannelKind as ChannelKind | null) ?? undefined,
    lastActivityAt: row.lastActivityAt ?? undefined,
  };
}

/** The value figures as rule facts (see ContactFacts): zeros for a contact who never bought. */
export function valueFacts(
  v: typeof contactValue.$inferSelect | undefined,
): Pick<ContactFacts, 'orders' | 'totalSpent' | 'aov' | 'firstOrderAt' | 'lastOrderAt' | 'categories' | 'rfm' | 'clv' | 'churnRisk'> {
  return {
    orders: v?.orders ?? 0,
    totalSpent: Number(v?.totalSpent ?? 0),
    aov: Number(v?.aov ?? 0),
    firstOrderAt: v?.firstOrderAt ?? undefined,
    lastOrderAt: v?.lastOrderAt ?? undefined,
    categories: v?.categories ?? [],
    rfm: v?.rfmSegment && v.rfmR && v.rfmF && v.rfmM ? { r: v.rfmR, f: v.rfmF, m: v.rfmM, segment: v.rfmSegment } : undefined,
    clv:
      v?.clvPAlive != null && v.clvExpected90d != null
        ? { pAlive: v.clvPAlive, expected90d: v.clvExpected90d, predicted12m: v.clvPredicted12m === null ? undefined : Number(v.clvPredicted12m) }
        : undefined,
    churnRisk: v?.churnRisk ?? false,
  };
}

function birthdayOf(row: ContactRow): string | undefined {
  if (!row.birthdayMonth || !row.birthdayDay) return undefined;
  const md = `${String(row.birthdayMonth).padStart(2, '0')}-${String(row.birthdayDay).padStart(2, '0')}`;
  return row.birthdayYear ? `${row.birthdayYear}-${md}` : md;
}

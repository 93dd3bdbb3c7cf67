// The suppression list: addresses never sent marketing, added before or without any contact, normalized like identities.
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { suppressions, type SuppressionKind } from '../db/schema/index.ts';
import { normalizeEmail, normalizePhone, phoneFromWhatsappJid } from '../lib/normalize-identity.ts';

export interface SuppressionInput {
  email?: string;
  phone?: string;
  /** Where a rejection points: a CSV's row as a spreadsheet shows it; without it, the item's place in the list from 1. */
  row?: number;
}

export interface SuppressionReport {
  added: number;
  /** Already on the list, or given earlier in the same upload. */
  existing: number;
  rejected: Array<{ row: number; reason: string }>;
}

/** Each item may carry an email, a phone or both; a row with neither usable value is rejected in words. */
export function normalizeSuppressions(items: SuppressionInput[], region: string): { entries: Array<{ kind: SuppressionKind; value: string }>; given: number; rejected: SuppressionReport['rejected'] } {
  const entries = new Map<string, { kind: SuppressionKind; value: string }>();
  let given = 0;
  const rejected: SuppressionReport['rejected'] = [];
  items.forEach((item, i) => {
    const row = item.row ?? i + 1;
    const email = item.email?.trim() ? normalizeEmail(item.email) : undefined;
    const phone = item.phone?.trim() ? normalizePhone(item.phone, region) : undefined;
    if (item.email?.trim() && !email) rejected.push({ row, reason: `"${item.email}" is not an email address` });
    if (item.phone?.trim() && !phone) rejected.push({ row, reason: `"${item.phone}" is not a phone number` });
    if (!item.email?.trim() && !item.phone?.trim()) rejected.push({ row, reason: 'no email and no phone' });
    if (email) entries.set(`email:${email}`, { kind: 'email', value: email });
    if (phone) entries.set(`phone:${phone}`, { kind: 'phone', value: phone });
    given += Number(Boolean(email)) + Number(Boolean(phone));
  });
  return { entries: [...entries.values()], given, rejected };
}

export async function addSuppressions(db: DbOrTx, items: SuppressionInput[], options: { region: string; source: string; userId?: string; now: Date }): Promise<SuppressionReport> {
  const { entries, given, rejected } = normalizeSuppressions(items, options.region);
  let added = 0;
  // Chunks keep one statement's parameters well under Postgres' limit for a large file.
  for (let i = 0; i < entries.length; i += 1000) {
    const chunk = entries.slice(i, i + 1000);
    const rows = await db
      .insert(suppressions)
      .values(chunk.map((e) => ({ ...e, source: options.source, createdById: options.userId ?? null, createdAt: options.now })))
      .onConflictDoNothing()
      .returning({ id: suppressions.id });
    added += rows.length;
  }
  return { added, existing: given - added, rejected };
}

export async function listSuppressions(db: DbOrTx, options: { q?: string; limit: number; before?: { createdAt: Date; id: string } }) {
  const where = and(
    options.q
      ? sql`${suppressions.value} like ${`%${options.q
          .trim()
          .toLowerCase()
          .replace(/[%_\\]/g, '\\$&')}%`}`
      : undefined,
    options.before ? sql`(${suppressions.createdAt}, ${suppressions.id}) < (${options.before.createdAt.toISOString()}::timestamptz, ${options.before.id}::uuid)` : undefined,
  );
  return db.select().from(suppressions).where(where).orderBy(desc(suppressions.createdAt), desc(suppressions.id)).limit(options.limit);
}

export async function deleteSuppression(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db.delete(suppressions).where(eq(suppressions.id, id)).returning({ id: suppressions.id });
  return rows.length > 0;
}

/** The list entry an identity is checked against: email and phone as they are, a WhatsApp JID by its phone number. */
export function suppressionKeyOf(identity: { kind: string; value: string }): { kind: SuppressionKind; value: string } | undefined {
  if (identity.kind === 'email' || identity.kind === 'phone') return { kind: identity.kind, value: identity.value };
  if (identity.kind === 'whatsapp') {
    const phone = phoneFromWhatsappJid(identity.value);
    return phone ? { kind: 'phone', value: phone } : undefined;
  }
  return undefined;
}

/** Which of these identities are suppressed, as `kind:value` of the identities themselves; one query. */
export async function suppressedIdentities(db: DbOrTx, identities: Array<{ kind: string; value: string }>): Promise<Set<string>> {
  const keyed = identities.flatMap((identity) => {
    const key = suppressionKeyOf(identity);
    return key ? [{ identity, key }] : [];
  });
  if (!keyed.length) return new Set();
  const byKind = (kind: SuppressionKind) => [...new Set(keyed.filter((k) => k.key.kind === kind).map((k) => k.key.value))];
  const emails = byKind('email');
  const phones = byKind('phone');
  const rows = await db
    .select({ kind: suppressions.kind, value: suppressions.value })
    .from(suppressions)
    .where(
      or(
        emails.length ? and(eq(suppressions.kind, 'email'), inArray(suppressions.value, emails)) : undefined,
        phones.length ? and(eq(suppressions.kind, 'phone'), inArray(suppressions.value, phones)) : undefined,
      ),
    );
  const listed = new Set(rows.map((r) => `${r.kind}:${r.value}`));
  return new Set(keyed.filter((k) => listed.has(`${k.key.kind}:${k.key.value}`)).map((k) => `${k.identity.kind}:${k.identity.value}`));
}

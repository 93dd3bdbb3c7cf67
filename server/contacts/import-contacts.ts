// Imports contacts from rows (a parsed CSV): validates each, attaches duplicates to the existing contact, reports rejects.
import { recordEvent, transact } from '../events/record-event.ts';
import { eq, sql } from 'drizzle-orm';
import type { Identity } from '../../connectors/channel.ts';
import type { Database } from '../db/client.ts';
import { contacts } from '../db/schema/index.ts';
import { normalizeEmail, normalizePhone } from '../lib/normalize-identity.ts';
import { isCurrency, isTimeZone, parseBirthday } from '../lib/validators.ts';
import { lockIdentities, resolveContact } from '../inbound/resolve-contact.ts';

export interface ImportRow {
  name?: string;
  email?: string;
  phone?: string;
  language?: string;
  timeZone?: string;
  currency?: string;
  birthday?: string;
  labels?: string[];
  attributes?: Record<string, unknown>;
}

export interface ImportReport {
  created: number;
  merged: number;
  rejected: Array<{ row: number; reason: string }>;
}

export function validateRow(row: ImportRow, region: string): { identities: Identity[] } | { reason: string } {
  const identities: Identity[] = [];
  if (row.email) {
    const email = normalizeEmail(row.email);
    if (!email) return { reason: `invalid email "${row.email}"` };
    identities.push({ kind: 'email', value: email });
  }
  if (row.phone) {
    const phone = normalizePhone(row.phone, region);
    if (!phone) return { reason: `invalid phone number "${row.phone}"` };
    identities.push({ kind: 'phone', value: phone });
  }
  if (!identities.length) return { reason: 'needs an email or a phone number' };
  if (row.timeZone && !isTimeZone(row.timeZone)) return { reason: `unknown time zone "${row.timeZone}"` };
  if (row.currency && !isCurrency(row.currency)) return { reason: `unknown currency "${row.currency}"` };
  if (row.birthday && !parseBirthday(row.birthday)) return { reason: `invalid birthday "${row.birthday}" (use MM-DD or YYYY-MM-DD)` };
  return { identities };
}

export async function importContacts(database: Database, rows: ImportRow[], region: string, now: Date): Promise<ImportReport> {
  const report: ImportReport = { created: 0, merged: 0, rejected: [] };
  for (const [index, row] of rows.entries()) {
    const checked = validateRow(row, region);
    if ('reason' in checked) {
      report.rejected.push({ row: index + 1, reason: checked.reason });
      continue;
    }
    await transact(database, async (tx) => {
      await lockIdentities(tx, checked.identities);
      const { contactId, created } = await resolveContact(tx, checked.identities, { name: row.name?.trim() || undefined, language: row.language, seenAt: now });
      const b = row.birthday ? parseBirthday(row.birthday) : undefined;
      await tx
        .update(contacts)
        .set({
          ...(row.timeZone ? { timeZone: row.timeZone } : {}),
          ...(row.currency ? { currency: row.currency } : {}),
          ...(b ? { birthdayYear: b.year, birthdayMonth: b.month, birthdayDay: b.day } : {}),
          ...(row.labels?.length ? { labels: sql`array(select distinct unnest(${contacts.labels} || ${sql`${`{${row.labels.map((l) => `"${l.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]`}))` } : {}),
          ...(row.attributes ? { attributes: sql`${contacts.attributes} || ${JSON.stringify(row.attributes)}::jsonb` } : {}),
          updatedAt: now,
        })
        .where(eq(contacts.id, contactId));
      await recordEvent(tx, { type: created ? 'contact.created' : 'contact.updated', contactId, payload: { source: 'import' } });
      if (created) report.created++;
      else report.merged++;
    });
  }
  return report;
}

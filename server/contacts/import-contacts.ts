// Imports contacts from rows (a parsed CSV): checks each, coerces attributes to their declared types, writes set-based batches.
import type { Identity } from '../../connectors/channel.ts';
import type { Database } from '../db/client.ts';
import type { ImportRejection } from '../db/schema/columns.ts';
import { normalizeEmail, normalizePhone } from '../lib/normalize-identity.ts';
import { isCurrency, isStorableDate, isTimeZone, parseBirthday } from '../lib/validators.ts';
import { transact } from '../events/record-event.ts';
import { coerceAttributes, loadAttributeTypes, type AttributeTypes } from '../attributes/attribute-definitions.ts';
import { coerceAttribute } from '../../workflows/attributes/attribute-types.ts';
import { importBatch, keyOf, type CheckedRow } from './import-batch.ts';
import { withKeyedWrites, type KeyedWrites } from '../lib/keyed-writes.ts';
import type { ContactDetails } from '../../workflows/facts.ts';

/** A row's birthday may also be written as spreadsheets do (DD.MM.YYYY); it is stored as the facts hold it. */
export interface ImportRow extends ContactDetails {
  labels?: string[];
  /** The latest known activity (last order, last visit): inactivity counts from it when it is later than what Ulak saw. */
  lastActivityAt?: string;
  attributes?: Record<string, unknown>;
}

export interface ImportReport {
  created: number;
  merged: number;
  rejected: ImportRejection[];
}

type Rejected = Omit<ImportRejection, 'row'>;

/** Rows per transaction: big enough for set-based statements to pay off, small enough to stay under the parameter limit. */
export const IMPORT_BATCH_ROWS = 1000;

/** Spreadsheets write birthdays as DD.MM.YYYY; the profile stores MM-DD with an optional year. */
function birthdayOf(raw: string) {
  const dotted = /^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}))?$/.exec(raw.trim());
  const text = dotted ? `${dotted[3] ? `${dotted[3]}-` : ''}${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : raw.trim();
  return parseBirthday(text);
}

export function checkRow(row: ImportRow, number: number, region: string, types: AttributeTypes): CheckedRow | Rejected {
  const identities: Identity[] = [];
  if (row.email) {
    const email = normalizeEmail(row.email);
    if (!email) return { code: 'invalid_email', value: row.email, reason: `invalid email "${row.email}"` };
    identities.push({ kind: 'email', value: email });
  }
  if (row.phone) {
    const phone = normalizePhone(row.phone, region);
    if (!phone) return { code: 'invalid_phone', value: row.phone, reason: `invalid phone number "${row.phone}"` };
    identities.push({ kind: 'phone', value: phone });
  }
  if (!identities.length) return { code: 'missing_identity', reason: 'needs an email or a phone number' };
  if (row.timeZone && !isTimeZone(row.timeZone)) return { code: 'unknown_time_zone', value: row.timeZone, reason: `unknown time zone "${row.timeZone}"` };
  const currency = row.currency?.trim().toUpperCase();
  if (currency && !isCurrency(currency)) return { code: 'unknown_currency', value: row.currency, reason: `unknown currency "${row.currency}"` };
  const birthday = row.birthday ? birthdayOf(row.birthday) : undefined;
  if (row.birthday && !birthday) return { code: 'invalid_birthday', value: row.birthday, reason: `invalid birthday "${row.birthday}" (use MM-DD, YYYY-MM-DD or DD.MM.YYYY)` };
  let lastActivityAt: Date | undefined;
  if (row.lastActivityAt) {
    const at = coerceAttribute('date', row.lastActivityAt);
    if (!at.ok) return { code: 'invalid_last_activity', value: row.lastActivityAt, reason: `last activity: ${at.reason}` };
    lastActivityAt = new Date(at.value as string);
    // Year 0 reads as a date, but Postgres refuses it: the row is refused alone, not the batch with a 500.
    if (!isStorableDate(lastActivityAt)) return { code: 'invalid_last_activity', value: row.lastActivityAt, reason: 'last activity: must be a date between the years 1000 and 9999' };
  }
  const attributes = row.attributes ? coerceAttributes(row.attributes, types) : undefined;
  if (attributes && !attributes.ok) return { code: 'invalid_attribute', value: attributes.value, field: attributes.field, type: attributes.type, reason: attributes.reason };
  return {
    row: number,
    identities,
    name: row.name?.trim() || undefined,
    language: row.language || undefined,
    timeZone: row.timeZone || undefined,
    currency: currency || undefined,
    birthday: birthday ? { year: birthday.year ?? null, month: birthday.month, day: birthday.day } : undefined,
    labels: row.labels?.length ? row.labels.map((l) => l.trim()).filter(Boolean) : undefined,
    attributes: attributes?.ok ? dropEmpty(attributes.values) : undefined,
    lastActivityAt,
  };
}

function dropEmpty(values: Record<string, unknown>) {
  const kept = Object.entries(values).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return kept.length ? Object.fromEntries(kept) : undefined;
}

/** Checks one slice of rows, the i-th reported as `rowNumber(i)`: CPU only, so it can run while the previous slice is being written. */
export function checkRows(rows: ImportRow[], rowNumber: (index: number) => number, region: string, types: AttributeTypes): { checked: CheckedRow[]; rejected: ImportReport['rejected'] } {
  const checked: CheckedRow[] = [];
  const rejected: ImportReport['rejected'] = [];
  rows.forEach((row, i) => {
    const result = checkRow(row, rowNumber(i), region, types);
    if ('reason' in result) rejected.push({ row: rowNumber(i), ...result });
    else checked.push(result);
  });
  return { checked, rejected };
}

/** Batches an import writes at once on Postgres (each on its own connection); PGlite has one connection, so one. */
export const importWriters = (database: Database) => (database.kind === 'postgres' ? 3 : 1);

/** What a batch must not write beside another batch naming the same person: its rows' identities. */
const identityKeys = (rows: CheckedRow[]) => rows.flatMap((r) => r.identities.map(keyOf));

/** Writes checked rows, each batch committing on its own, through `writes` (batches naming one person keep their order). */
export async function writeChecked(database: Database, writes: KeyedWrites, checked: CheckedRow[], now: Date, onWritten: (done: { created: number; merged: number }) => Promise<void>): Promise<void> {
  for (let start = 0; start < checked.length; start += IMPORT_BATCH_ROWS) {
    const batch = checked.slice(start, start + IMPORT_BATCH_ROWS);
    await writes.submit(identityKeys(batch), async () => onWritten(await transact(database, (tx) => importBatch(tx, batch, now))));
  }
}

/** The JSON form: rows already parsed by the caller, numbered from 1 (there is no header row). */
export async function importContacts(database: Database, rows: ImportRow[], region: string, now: Date): Promise<ImportReport> {
  const { checked, rejected } = checkRows(rows, (i) => i + 1, region, await loadAttributeTypes(database.db));
  const total = { created: 0, merged: 0 };
  await withKeyedWrites(importWriters(database), (writes) =>
    writeChecked(database, writes, checked, now, async (done) => {
      total.created += done.created;
      total.merged += done.merged;
    }),
  );
  return { ...total, rejected };
}

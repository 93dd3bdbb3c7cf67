// Bulk-inserts contacts with a phone identity and optional consent, for campaign tests (the API would be far too slow for 10,000).
import type { Database } from '../../server/db/client.ts';
import { consents, contactIdentities, contacts } from '../../server/db/schema/index.ts';

export interface SeedSpec {
  name?: string;
  labels?: string[];
  timeZone?: string | null;
  language?: string;
  /** SMS consent; absent = none recorded. */
  sms?: 'opted_in' | 'opted_out';
  attributes?: Record<string, unknown>;
  /** The contact's identity; default a phone number from `prefix`. */
  identity?: { kind: 'api' | 'email'; value: string };
}

/** Inserts `count` contacts built by `spec(i)`; returns their ids in order. */
export async function seedContacts(database: Database, count: number, spec: (i: number) => SeedSpec, prefix = '+9053200'): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const chunk = Array.from({ length: Math.min(1_000, count - start) }, (_, k) => ({ i: start + k, ...spec(start + k) }));
    const rows = await database.db
      .insert(contacts)
      .values(chunk.map((c) => ({ name: c.name ?? `Contact ${c.i}`, labels: c.labels ?? [], timeZone: c.timeZone ?? null, language: c.language ?? 'en', attributes: c.attributes ?? {} })))
      .returning({ id: contacts.id });
    const chunkIds = rows.map((r) => r.id);
    await database.db.insert(contactIdentities).values(chunk.map((c, k) => ({ contactId: chunkIds[k]!, kind: 'phone' as const, value: `${prefix}${String(c.i).padStart(5, '0')}`, ...c.identity })));
    const withConsent = chunk.flatMap((c, k) => (c.sms ? [{ contactId: chunkIds[k]!, channel: 'sms', status: c.sms, source: 'test' }] : []));
    if (withConsent.length) await database.db.insert(consents).values(withConsent);
    ids.push(...chunkIds);
  }
  return ids;
}

// Customers: search, profile, edit, merge (with preview and undo), import, GDPR export and erasure.
import { inArray, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { contactIdentities } from '../db/schema/index.ts';
import { notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { rowsOf } from '../db/client.ts';
import { contactPatch } from '../contacts/contact-input.ts';
import { updateContact } from '../contacts/update-contact.ts';
import { birthdayString, contactProfile } from '../contacts/contact-profile.ts';
import { loadPair, mergeContacts, mergedProfile, revertMerge } from '../contacts/merge-contacts.ts';
import { eraseContact } from '../contacts/erase-contact.ts';
import { exportContact } from '../contacts/export-contact.ts';
import { importContacts } from '../contacts/import-contacts.ts';
import { contactListQuery, listContacts } from '../contacts/list-contacts.ts';
import { importProgress, startCsvImport } from '../contacts/csv-import.ts';
import { readCsvUpload } from '../contacts/read-csv-upload.ts';
import { isMultipart } from '../http/form-upload.ts';
import { recordEvent, transact } from '../events/record-event.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'contacts', '/api');

export const listContactsRoute = route({ method: 'get', path: '/contacts', summary: 'Search and list contacts', access: ['agent', 'marketer'], query: contactListQuery }, (c, { query }) =>
  listContacts(c.get('services').database.db, query, c.get('services').workspace.defaultRegion),
);

export const mergeSuggestionsRoute = route(
  {
    method: 'get',
    path: '/contacts/merge-suggestions',
    summary: 'Contacts the system thinks are the same person (a shared identity, or the same full name on another channel), for an agent to confirm or dismiss',
    access: ['agent'],
  },
  async (c) => {
    const db = c.get('services').database.db;
    const rows = rowsOf<{ into_id: string; from_id: string; reason: string; at: string; into_name: string | null; from_name: string | null }>(
      await db.execute(sql`select distinct on (e.payload->>'intoId', e.payload->>'fromId') e.payload->>'intoId' as into_id, e.payload->>'fromId' as from_id,
        e.payload->>'reason' as reason, e.created_at as at, a.name as into_name, b.name as from_name
      from domain_events e
      join contacts a on a.id = (e.payload->>'intoId')::uuid
      join contacts b on b.id = (e.payload->>'fromId')::uuid
      where e.type = 'contact.merge_suggested'
        and not exists (select 1 from domain_events d where d.type = 'contact.merge_dismissed'
          and d.payload->>'intoId' = e.payload->>'intoId' and d.payload->>'fromId' = e.payload->>'fromId' and d.id > e.id)
      order by e.payload->>'intoId', e.payload->>'fromId', e.created_at desc
      limit 200`),
    );
    return { items: rows.map((r) => ({ into: { id: r.into_id, name: r.into_name }, from: { id: r.from_id, name: r.from_name }, reason: r.reason, at: r.at })) };
  },
);

route(
  {
    method: 'post',
    path: '/contacts/merge-suggestions/dismiss',
    summary: 'Not the same person: the suggestion is dropped (a new shared identity may propose it again)',
    access: ['agent'],
    body: z.object({ intoId: z.uuid(), fromId: z.uuid() }),
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    await transact(services.database, (tx) => recordEvent(tx, { type: 'contact.merge_dismissed', contactId: body.intoId, payload: { intoId: body.intoId, fromId: body.fromId, by: user.id } }));
    return { ok: true };
  },
);

export const contactRoute = route({ method: 'get', path: '/contacts/:id', summary: 'The full profile with the cross-channel timeline', access: ['agent', 'marketer'] }, async (c) => {
  const profile = await contactProfile(c.get('services').database.db, uuidParam(c));
  if (!profile) throw notFound('contact');
  return profile;
});

route(
  { method: 'patch', path: '/contacts/:id', summary: 'Edit profile fields and custom attributes (null removes an attribute)', access: ['agent', 'marketer'], body: contactPatch },
  async (c, { body }) => {
    const services = c.get('services');
    const id = uuidParam(c);
    await updateContact(services, id, body);
    return contactProfile(services.database.db, id);
  },
);

const pair = z.object({ intoId: z.uuid(), fromId: z.uuid() });

export const mergePreviewRoute = route(
  { method: 'post', path: '/contacts/merge/preview', summary: 'The profile a merge would produce, without merging', access: ['agent'], body: pair },
  async (c, { body }) => {
    const db = c.get('services').database.db;
    const { into, from } = await loadPair(db, body.intoId, body.fromId);
    const p = mergedProfile(into, from);
    // The merge keeps every identity of both, so the agent sees exactly the addresses the merged profile will reach.
    const identities = await db
      .select({ id: contactIdentities.id, kind: contactIdentities.kind, value: contactIdentities.value })
      .from(contactIdentities)
      .where(inArray(contactIdentities.contactId, [into.id, from.id]))
      .orderBy(contactIdentities.createdAt);
    return { ...p, birthday: birthdayString(p), intoId: into.id, fromId: from.id, identities };
  },
);

export const mergeRoute = route(
  { method: 'post', path: '/contacts/merge', summary: 'Merge fromId into intoId (audited, reversible by an admin)', access: ['agent'], body: pair },
  async (c, { body, user }) => {
    const services = c.get('services');
    const merge = await mergeContacts(services.database, body.intoId, body.fromId, user.id);
    return { mergeId: merge.id, contact: await contactProfile(services.database.db, body.intoId) };
  },
);

export const revertMergeRoute = route(
  { method: 'post', path: '/contacts/merges/:id/revert', summary: 'Undo a merge (409 merge_erased once either contact was erased)', access: ['admin'] },
  async (c, { user }) => revertMerge(c.get('services').database, uuidParam(c), user.id),
);

route(
  {
    method: 'post',
    path: '/contacts/import',
    access: ['agent', 'marketer'],
    fileField: 'file',
    formFields: { mapping: 'JSON of CSV column → name|email|phone|language|timeZone|currency|birthday|labels|lastActivityAt|attributes.<key>, e.g. {"E-posta":"email","Harcama":"attributes.spend"}' },
    summary:
      'Import contacts. JSON { rows } (at most 5,000) answers the report at once; a CSV file (multipart field "file", with "mapping": JSON of CSV column → field or attributes.<key>) answers 202 { id } and imports server-side (progress at GET /api/contacts/imports/:id). Duplicates merge into existing contacts; attributes are coerced to their declared types',
    body: z.object({
      rows: z
        .array(
          z.object({
            name: z.string().max(200).optional(),
            email: z.string().max(320).optional(),
            phone: z.string().max(40).optional(),
            language: z.string().max(20).optional(),
            timeZone: z.string().max(60).optional(),
            currency: z.string().max(3).optional(),
            birthday: z.string().max(10).optional(),
            labels: z.array(z.string().max(50)).max(20).optional(),
            lastActivityAt: z.string().max(40).optional(),
            attributes: z.record(z.string().max(100), z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(100)])).optional(),
          }),
        )
        .max(5000),
    }),
  },
  async (c, { body }) => {
    const services = c.get('services');
    if (isMultipart(c)) {
      const { file, mapping } = await readCsvUpload(c);
      const started = await startCsvImport({ database: services.database, log: services.log, region: services.workspace.defaultRegion, now: services.now }, file, mapping);
      return c.json({ id: started.id }, 202);
    }
    return importContacts(services.database, body.rows, services.workspace.defaultRegion, services.now());
  },
);

export const importStatusRoute = route(
  {
    method: 'get',
    path: '/contacts/imports/:id',
    summary: "A CSV import's progress and report: { status, total, processed, created, merged, rejected: [{ row, reason }] }",
    access: ['agent', 'marketer'],
  },
  async (c) => {
    const progress = await importProgress(c.get('services').database, uuidParam(c));
    if (!progress) throw notFound('import');
    return progress;
  },
);

route({ method: 'get', path: '/contacts/:id/export', summary: 'GDPR export: everything stored about the contact, as JSON', access: ['admin'] }, async (c) => {
  const data = await exportContact(c.get('services').database, uuidParam(c));
  return c.json(data, 200, { 'content-disposition': `attachment; filename="contact-${data.contact.id}.json"` });
});

route({ method: 'delete', path: '/contacts/:id', summary: 'GDPR erasure: removes personal data and message bodies, keeps an anonymous audit row', access: ['admin'] }, async (c, { user }) => {
  const services = c.get('services');
  await eraseContact(services, uuidParam(c), user.id);
  return { ok: true };
});

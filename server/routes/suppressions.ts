// The suppression list: import (CSV file or JSON), browse and remove addresses that must never get marketing.
import type { Context } from 'hono';
import { Hono } from 'hono';
import Papa from 'papaparse';
import { z } from 'zod';
import { invalidField, notFound } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { CURSOR_SHAPES, decodeCursor, encodeCursor } from '../http/cursor.ts';
import { isMultipart, readFormFile } from '../http/form-upload.ts';
import { defineRoutes, uuidParam } from '../http/route.ts';
import { csvDelimiter, isBlankRecord } from '../contacts/csv-import.ts';
import { addSuppressions, deleteSuppression, listSuppressions, type SuppressionInput } from '../consent/index.ts';

export const app = new Hono<AppEnv>();
const route = defineRoutes(app, 'suppressions', '/api');

const MAX_ITEMS = 200_000;
const itemsBody = z.object({
  items: z
    .array(z.object({ email: z.string().max(320).optional(), phone: z.string().max(40).optional() }))
    .min(1)
    .max(MAX_ITEMS),
});

const EMAIL_HEADERS = new Set(['email', 'e-mail', 'e-posta', 'eposta', 'mail']);
const PHONE_HEADERS = new Set(['phone', 'telefon', 'mobile', 'gsm', 'phone number', 'msisdn']);

/**
 * A CSV with a header row naming an email and/or a phone column (English or Turkish names). Each item keeps its row as
 * a spreadsheet shows it (the header row 1, blank rows skipped but counted), as the contacts and orders imports report.
 */
export function suppressionsFromCsv(text: string): SuppressionInput[] {
  const csv = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, delimiter: csvDelimiter(csv), transformHeader: (h) => h.trim().toLowerCase() });
  const fields = parsed.meta.fields ?? [];
  const email = fields.find((f) => EMAIL_HEADERS.has(f));
  const phone = fields.find((f) => PHONE_HEADERS.has(f));
  if (!email && !phone) throw invalidField('file', 'file: the first row must name an "email" or a "phone" column');
  const items = parsed.data.flatMap((cells, i) => (isBlankRecord(cells) ? [] : [{ email: email ? cells[email] : undefined, phone: phone ? cells[phone] : undefined, row: i + 2 }]));
  if (items.length > MAX_ITEMS) throw invalidField('file', `file: at most ${MAX_ITEMS} rows per import`);
  return items;
}

/** The CSV file of a multipart upload, else the JSON items the route has already checked. */
async function readItems(c: Context<AppEnv>, json: z.infer<typeof itemsBody> | undefined): Promise<{ items: SuppressionInput[]; source: string }> {
  if (!isMultipart(c)) return { items: json!.items, source: 'api' };
  const { file } = await readFormFile(c);
  return { items: suppressionsFromCsv(await file.text()), source: 'import' };
}

route(
  {
    method: 'post',
    path: '/suppressions',
    access: ['marketer'],
    fileField: 'file',
    body: itemsBody,
    summary:
      'Add addresses to the suppression list (never sent marketing, even before a contact has them): a CSV file (multipart field "file", header email and/or phone) or JSON { items: [ { email?, phone? } ] }; answers { added, existing, rejected }',
  },
  async (c, { body, user }) => {
    const services = c.get('services');
    const { items, source } = await readItems(c, body);
    return addSuppressions(services.database.db, items, { region: services.workspace.defaultRegion, source, userId: user.id, now: services.now() });
  },
);

route(
  {
    method: 'get',
    path: '/suppressions',
    access: ['agent', 'marketer'],
    summary: 'The suppression list, newest first',
    query: z.object({ q: z.string().max(320).optional(), cursor: z.string().max(300).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
  },
  async (c, { query }) => {
    const after = decodeCursor(query.cursor, CURSOR_SHAPES.timeAndId);
    const rows = await listSuppressions(c.get('services').database.db, { q: query.q, limit: query.limit + 1, before: after ? { createdAt: new Date(after[0]), id: after[1] } : undefined });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({ id: r.id, kind: r.kind, value: r.value, source: r.source, createdAt: r.createdAt })),
      nextCursor: rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    };
  },
);

route({ method: 'delete', path: '/suppressions/:id', access: ['marketer'], summary: 'Remove an address from the suppression list' }, async (c) => {
  if (!(await deleteSuppression(c.get('services').database.db, uuidParam(c)))) throw notFound('suppression');
  return { ok: true };
});

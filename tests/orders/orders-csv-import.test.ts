// Orders CSV import: a file with a column mapping, imported server-side with progress and a report of rejected rows,
// idempotent on (source, externalId); rows of one order are its items.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../server/db/client.ts';
import { contactByEmail, csvImporter } from '../support/csv-import.ts';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { refuseWrites } from '../support/refuse-writes.ts';

const NOW = new Date('2026-06-01T09:00:00Z');
const MAPPING = {
  'Sipariş No': 'externalId',
  'E-posta': 'email',
  Tarih: 'placedAt',
  'Para birimi': 'currency',
  Tutar: 'total',
  Durum: 'status',
  Ürün: 'itemName',
  Kategori: 'category',
  Adet: 'quantity',
  'Birim fiyat': 'unitPrice',
};
const HEADER = 'Sipariş No,E-posta,Tarih,Para birimi,Tutar,Durum,Ürün,Kategori,Adet,Birim fiyat';

describe('orders CSV import', () => {
  let t: TestApp, admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin({ now: () => NOW })));
  afterAll(() => t.close());

  const upload = (csv: string, mapping: unknown = MAPPING) => csvImporter(admin, 'orders').upload(csv, mapping);
  const finished = (id: string) => csvImporter(admin, 'orders').finished(id);
  const valueOf = async (email: string) => (await contactByEmail(t, admin, email)).value;

  const csv = [
    HEADER,
    'S-1,Ayse@Example.com,2026-05-01 10:00,TRY,150.50,paid,Kupa,ev,2,50.25',
    'S-1,ayse@example.com,2026-05-01 10:00,TRY,150.50,paid,Çay,gıda,1,50.00',
    'S-2,ayse@example.com,2026-05-10T12:00:00+03:00,try,99.90,,Defter,kırtasiye,1,99.90',
    '',
    'S-3,not-an-email,2026-05-11,TRY,10.00,paid,,,,',
    'S-4,mehmet@example.com,yesterday,TRY,10.00,paid,,,,',
    'S-5,mehmet@example.com,2026-05-12,TRY,-,paid,,,,',
    'S-6,mehmet@example.com,2026-05-13,TRY,40.00,paid,,,,',
  ].join('\n');

  it('imports orders with their items, reports each rejected row by its number, and totals the figures', async () => {
    const r = await upload(csv);
    expect(r.status).toBe(202);
    const report = await finished(r.body.id);
    expect(report).toMatchObject({ status: 'completed', total: 7, processed: 7, created: 3, updated: 0 });
    // Numbered as a spreadsheet shows them: the header is row 1, and the blank row 5 counts though it is skipped.
    expect(report.rejected.map((x: { row: number }) => x.row)).toEqual([6, 7, 8]);
    expect(report.rejected[0].reason).toBe('contact.email: "not-an-email" is not an email address');
    expect(report.rejected[1].reason).toContain('placedAt');
    expect(report.rejected[2].reason).toContain('total');
    expect(await valueOf('ayse@example.com')).toMatchObject({ orders: 2, totalSpent: '250.40', categories: ['ev', 'gıda', 'kırtasiye'] });
    const [s1] = rowsOf<{ items: unknown[]; placed_at: Date | string }>(await t.services.database.db.execute(sql`select items, placed_at from orders where external_id = 'S-1'`));
    expect(s1!.items).toEqual([
      { name: 'Kupa', category: 'ev', quantity: 2, unitPrice: '50.25' },
      { name: 'Çay', category: 'gıda', quantity: 1, unitPrice: '50.00' },
    ]);
    expect(new Date(s1!.placed_at).toISOString()).toBe('2026-05-01T10:00:00.000Z');
  });

  it('updates instead of duplicating when the same file comes again, and a changed status changes the totals', async () => {
    const again = await finished((await upload(csv.replace('S-6,mehmet@example.com,2026-05-13,TRY,40.00,paid', 'S-6,mehmet@example.com,2026-05-13,TRY,40.00,refunded'))).body.id);
    expect(again).toMatchObject({ status: 'completed', created: 0, updated: 3 });
    const n = rowsOf<{ n: number }>(await t.services.database.db.execute(sql`select count(*)::int as n from orders`))[0]!.n;
    expect(n).toBe(3);
    expect(await valueOf('mehmet@example.com')).toMatchObject({ orders: 0, totalSpent: '0.00' });
  });

  it('rejects a row dated year 0 or past 9999 alone, and the rest of the file is imported', async () => {
    const dates = [HEADER, 'D-1,dates@example.com,0000-01-01,TRY,1.00,paid,,,,', 'D-2,dates@example.com,10000-01-01T00:00:00Z,TRY,1.00,paid,,,,', 'D-3,dates@example.com,2026-05-02,TRY,1.00,paid,,,,'];
    const report = await finished((await upload(dates.join('\n'))).body.id);
    expect(report).toMatchObject({ status: 'completed', total: 3, processed: 3, created: 1 });
    expect(report.rejected.map((x: { row: number; reason: string }) => [x.row, x.reason])).toEqual([
      [2, 'placedAt: must be a date between the years 1000 and 9999'],
      [3, expect.stringContaining('placedAt')],
    ]);
  });

  it('says in words why an import failed, never the statement that failed', async () => {
    const refusal = await refuseWrites(t.services.database, 'orders', "new.external_id = 'BOOM'");
    try {
      const report = await finished((await upload([HEADER, 'BOOM,boom@example.com,2026-05-02,TRY,1.00,paid,,,,'].join('\n'))).body.id);
      expect(report.status).toBe('failed');
      expect(report.error).toBe('The import stopped on an unexpected error; send the file again (rows already imported are updated, not duplicated), and tell your administrator if it stops again');
    } finally {
      await refusal.lift();
    }
  });

  it('refuses a missing file, bad JSON and a mapping without the order fields, in words', async () => {
    const missing = await upload('x', { 'Sipariş No': 'externalId', 'E-posta': 'email' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.message).toContain('map columns to externalId, placedAt, currency and total');
    expect((await upload('x', '{nope')).body.error).toEqual({ code: 'validation_failed', message: 'mapping: not valid JSON', fields: [{ path: 'mapping', code: 'custom' }] });
    expect((await upload('x', { ...MAPPING, Tutar: 'price' })).status).toBe(422);
    const form = new FormData();
    form.set('mapping', JSON.stringify(MAPPING));
    expect((await admin.call('POST', '/api/orders/import', form)).body.error.message).toContain('file');
    expect((await admin.call('GET', '/api/orders/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.call('POST', '/api/orders/import', { rows: [] })).body.error.code).toBe('invalid_multipart');
  });

  it('documents the upload and the progress route in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/orders/import'].post.requestBody.content)).toEqual(['multipart/form-data']);
    expect(doc.paths['/api/orders/import'].post.requestBody.content['multipart/form-data'].schema.required).toEqual(['file', 'mapping']);
    expect(doc.paths['/api/orders/imports/{id}'].get.summary).toContain('progress');
  });
});

describe('an orders CSV larger than a JSON body may be', () => {
  let t: TestApp, admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin({ now: () => NOW, env: { ULAK_MAX_BODY_BYTES: '4096' } })));
  afterAll(() => t.close());

  it('is imported whole: a file upload has the attachment limit, as the contacts import has', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `B-${i},buyer${i}@example.com,2026-05-01,TRY,10.00,paid,Kupa,ev,1,10.00`);
    const csv = [HEADER, ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(4096);
    const r = await csvImporter(admin, 'orders').upload(csv, MAPPING);
    expect(r.status).toBe(202);
    expect(await csvImporter(admin, 'orders').finished(r.body.id)).toMatchObject({ status: 'completed', total: 200, created: 200, rejected: [] });
  });
});

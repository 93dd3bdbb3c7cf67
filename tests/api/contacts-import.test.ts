// Contacts import: a CSV file uploaded with a column mapping and imported server-side, declared attribute types, the JSON form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAdmin, type Client, type TestApp } from '../support/test-app.ts';
import { contactByEmail, csvImporter } from '../support/csv-import.ts';

const NOW = new Date('2026-06-01T09:00:00Z');

describe('contacts import', () => {
  let t: TestApp, admin: Client;
  beforeAll(async () => ({ t, admin } = await signedInAdmin({ now: () => NOW })));
  afterAll(() => t.close());

  const importer = () => csvImporter(admin, 'contacts');
  const uploadCsv = (csv: string, mapping: unknown) => importer().upload(csv, mapping);
  const finished = (id: string) => importer().finished(id);
  const byEmail = (email: string) => contactByEmail(t, admin, email);

  it('declares attribute types, and refuses a duplicate key, an unknown type and a non-marketer', async () => {
    expect(await admin.call('POST', '/api/attributes', { key: 'spend', type: 'number', label: 'Harcama' })).toMatchObject({ status: 201, body: { key: 'spend', type: 'number', label: 'Harcama' } });
    expect(await admin.call('POST', '/api/attributes', { key: 'spend', type: 'text' })).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await admin.call('POST', '/api/attributes', { key: 'x', type: 'money' })).status).toBe(422);
    await admin.ok('POST', '/api/attributes', { key: 'joined', type: 'text', label: 'Joined' });
    expect(await admin.ok('PATCH', '/api/attributes/joined', { type: 'date' })).toMatchObject({ key: 'joined', type: 'date', label: 'Joined' });
    await admin.ok('POST', '/api/attributes', { key: 'tmp', type: 'boolean' });
    expect(await admin.ok('DELETE', '/api/attributes/tmp')).toEqual({ ok: true });
    expect((await admin.call('DELETE', '/api/attributes/tmp')).status).toBe(404);
    expect((await admin.ok('GET', '/api/attributes')).items.map((a: any) => `${a.key}:${a.type}`)).toEqual(['joined:date', 'spend:number']);
    const agent = await admin.user(['agent']);
    expect((await agent.call('POST', '/api/attributes', { key: 'y', type: 'text' })).status).toBe(403);
  });

  it('imports an uploaded CSV server-side: mapped columns, typed attributes, merges, and rejects reported by their spreadsheet row', async () => {
    const csv = [
      'E-posta,Ad Soyad,Doğum Tarihi,Son sipariş,Harcama,Üyelik,Not',
      'ayse@example.com,Ayşe Yılmaz,15.03.1990,2026-02-21,1012,2024-01-05,ignored',
      'mehmet@example.com,Mehmet Kaya,,,"1250,50",,',
      // A blank row is skipped, but a spreadsheet still numbers it.
      ',,,,,,',
      'bad-email,Nobody,,,5,,',
      'AYSE@example.com,,,,999,,',
      'can@example.com,Can Demir,,,lots,,',
      'deniz@example.com,Deniz Ak,31.02.1990,,,,',
    ].join('\n');
    const res = await uploadCsv(csv, { 'E-posta': 'email', 'Ad Soyad': 'name', 'Doğum Tarihi': 'birthday', 'Son sipariş': 'lastActivityAt', Harcama: 'attributes.spend', Üyelik: 'attributes.joined' });
    expect(res.status).toBe(202);
    const report = await finished(res.body.id);
    expect(report).toMatchObject({
      status: 'completed',
      total: 6,
      processed: 6,
      created: 2,
      merged: 1,
      rejected: [
        // The header is row 1, so "bad-email" is on row 5 of the spreadsheet.
        { row: 5, code: 'invalid_email', value: 'bad-email', reason: 'invalid email "bad-email"' },
        { row: 7, code: 'invalid_attribute', field: 'spend', type: 'number', value: 'lots', reason: 'attribute "spend" (number): "lots" is not a number (write it like 1250 or 1250.50)' },
        { row: 8, code: 'invalid_birthday', value: '31.02.1990', reason: 'invalid birthday "31.02.1990" (use MM-DD, YYYY-MM-DD or DD.MM.YYYY)' },
      ],
    });
    const ayse = await byEmail('ayse@example.com');
    // The later row for the same address merged in and its spend won; numbers are stored as numbers.
    expect(ayse).toMatchObject({ name: 'Ayşe Yılmaz', birthday: '1990-03-15', attributes: { spend: 999, joined: '2024-01-05' } });
    expect((await byEmail('mehmet@example.com')).attributes).toEqual({ spend: 1250.5 });
  });

  it('writes a large file in batches side by side: a person named in several batches ends with the last row, and batches reaching the same people in crossing orders complete', async () => {
    // Three batches of 1,000 rows; one address appears in each, with a different time zone each time.
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo'];
    const rows = Array.from({ length: 3000 }, (_, i) =>
      i % 1000 === 500 ? `same@example.com,+9053220${String(i).padStart(5, '0')},${zones[i / 1000 - 0.5]}` : `batch-${i}@example.com,+9053210${String(i).padStart(5, '0')},`,
    );
    const mapping = { email: 'email', phone: 'phone', zone: 'timeZone' };
    const first = await finished((await uploadCsv(['email,phone,zone', ...rows].join('\n'), mapping)).body.id);
    expect(first).toMatchObject({ status: 'completed', processed: 3000, created: 2998, merged: 2, rejected: [] });
    expect(await byEmail('same@example.com')).toMatchObject({ timeZone: 'Asia/Tokyo' });
    // The same people again, one batch naming them by email in one order and the next by phone in the reverse order:
    // batches sharing no identity run side by side and update the same contacts in crossing orders.
    const again: string[] = [];
    for (let b = 0; b < 3; b++) {
      const ids = Array.from({ length: 1000 }, (_, i) => (b % 2 ? 999 - i : i)).filter((i) => i !== 500);
      again.push(...ids.map((i) => (b % 2 ? `,+9053210${String(i).padStart(5, '0')},Europe/Istanbul` : `batch-${i}@example.com,,`)));
    }
    const second = await finished((await uploadCsv(['email,phone,zone', ...again].join('\n'), mapping)).body.id);
    expect(second).toMatchObject({ status: 'completed', processed: 2997, created: 0, merged: 2997, rejected: [] });
    expect(await byEmail('batch-7@example.com')).toMatchObject({ timeZone: 'Europe/Istanbul' });
  });

  it('compares imported numbers and dates by their declared type in a segment', async () => {
    const count = async (conditions: unknown) => (await admin.ok('POST', '/api/segments/preview', { conditions })).count;
    expect(await count({ field: 'contact.attributes.spend', op: 'gt', value: 1000 })).toBe(1);
    expect(await count({ field: 'contact.attributes.spend', op: 'gt', value: '998' })).toBe(2);
    expect(await count({ field: 'contact.attributes.joined', op: 'before', value: '2024-02-01' })).toBe(1);
  });

  it('documents both request forms and the new routes in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/contacts/import'].post.requestBody.content).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(doc.paths['/api/contacts/import'].post.requestBody.content['multipart/form-data'].schema).toMatchObject({
      properties: { file: { type: 'string', format: 'binary' }, mapping: { type: 'string' } },
      required: ['file', 'mapping'],
    });
    expect(Object.keys(doc.paths['/api/attributes']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/attributes/{key}']).sort()).toEqual(['delete', 'patch']);
    expect(doc.paths['/api/contacts/imports/{id}'].get.summary).toContain('progress');
  });

  it('refuses a mapping without an email or phone column, and a file without a mapping, in words', async () => {
    expect(await uploadCsv('Name\nX', { Name: 'name' })).toMatchObject({ status: 422, body: { error: { message: 'mapping: map a column to "email" or "phone" (every contact needs one)' } } });
    expect((await uploadCsv('Name\nX', { Name: 'birthdate' })).status).toBe(422);
    expect((await uploadCsv('Name\nX', 'not json')).body.error.message).toBe('mapping: not valid JSON');
  });

  it('refuses a mapping that names a column the file does not have, naming the columns it has', async () => {
    const wrong = await uploadCsv('E-posta,Ad\nb@example.com,B\n', { Eposta: 'email', Ad: 'name' });
    expect(wrong).toMatchObject({ status: 422, body: { error: { code: 'validation_failed', message: 'mapping: the file has no column "Eposta"; its first row names "E-posta", "Ad"' } } });
    // Header cells are named as the import reads them: without a byte-order mark or surrounding spaces.
    const right = await uploadCsv('\uFEFF E-posta , Ad\nb@example.com,B\n', { 'E-posta': 'email', Ad: 'name' });
    expect(right.status).toBe(202);
    expect(await finished(right.body.id)).toMatchObject({ status: 'completed', created: 1 });
  });

  it('reads a two-column file that Excel saved with semicolons (as it does in Turkish), a trailing newline and all', async () => {
    const semi = await uploadCsv('E-posta;Ad\r\nnoktali@example.com;Noktalı Virgül\r\n', { 'E-posta': 'email', Ad: 'name' });
    expect(semi.status).toBe(202);
    expect(await finished(semi.body.id)).toMatchObject({ status: 'completed', created: 1, rejected: [] });
    expect((await byEmail('noktali@example.com')).name).toBe('Noktalı Virgül');
  });

  it('keeps the JSON form, coercing attributes to their types and rejecting a row that does not fit', async () => {
    const report = await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { email: 'json1@example.com', name: 'Json One', attributes: { spend: '42' } },
        { email: 'json2@example.com', attributes: { spend: 'many' } },
      ],
    });
    expect(report).toEqual({
      created: 1,
      merged: 0,
      rejected: [{ row: 2, code: 'invalid_attribute', field: 'spend', type: 'number', value: 'many', reason: 'attribute "spend" (number): "many" is not a number (write it like 1250 or 1250.50)' }],
    });
    expect((await byEmail('json1@example.com')).attributes).toEqual({ spend: 42 });
    // A second import of the same person merges: new values win, the name only fills a blank, labels add up.
    const again = await admin.ok('POST', '/api/contacts/import', {
      rows: [{ email: 'JSON1@example.com', name: 'Other Name', phone: '0532 111 22 33', labels: ['vip'], attributes: { spend: 50, tier: 'b' } }],
    });
    expect(again).toEqual({ created: 0, merged: 1, rejected: [] });
    const merged = await byEmail('json1@example.com');
    expect(merged).toMatchObject({ name: 'Json One', labels: ['vip'], attributes: { spend: 50, tier: 'b' } });
    expect(merged.identities.map((i: any) => `${i.kind}:${i.value}`).sort()).toEqual(['email:json1@example.com', 'phone:+905321112233']);
  });

  it('rejects a last activity of year 0 as its row alone, never a 500 or a failed import', async () => {
    const reason = 'last activity: must be a date between the years 1000 and 9999';
    const report = await admin.call('POST', '/api/contacts/import', {
      rows: [
        { email: 'old1@example.com', lastActivityAt: '0000-01-01' },
        { email: 'old2@example.com', lastActivityAt: '2026-05-01' },
      ],
    });
    expect([report.status, report.body]).toEqual([200, { created: 1, merged: 0, rejected: [{ row: 1, code: 'invalid_last_activity', value: '0000-01-01', reason }] }]);
    const upload = await uploadCsv('E-posta,Son\nold3@example.com,0000-01-01T00:00:00Z\nold4@example.com,2026-05-01\n', { 'E-posta': 'email', Son: 'lastActivityAt' });
    const csv = await finished(upload.body.id);
    expect(csv).toMatchObject({ status: 'completed', created: 1, rejected: [{ row: 2, code: 'invalid_last_activity', reason }] });
  });

  it('proposes merging a new contact into older ones of the same full name, and two such rows of one file into each other', async () => {
    await admin.ok('POST', '/api/contacts/import', { rows: [{ email: 'nazli-old@example.com', name: 'Nazlı Demirtaş' }] });
    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { email: 'nazli-a@example.com', name: 'nazlı  demirtaş' },
        { email: 'nazli-b@example.com', name: 'Nazlı Demirtaş' },
        { email: 'nazli-c@example.com', name: 'Nazlı' },
      ],
    });
    const [old, a, b, c] = await Promise.all(['old', 'a', 'b', 'c'].map((k) => byEmail(`nazli-${k}@example.com`)));
    const { items } = await admin.ok('GET', '/api/contacts/merge-suggestions');
    const pairs = items.filter((i: any) => i.reason === 'same name').map((i: any) => `${i.from.id}>${i.into.id}`);
    expect(pairs).toEqual(expect.arrayContaining([`${a.id}>${old.id}`, `${b.id}>${old.id}`, `${b.id}>${a.id}`]));
    // Never a contact into itself, and one word says too little.
    expect(pairs.some((p: string) => p.split('>')[0] === p.split('>')[1] || p.includes(c.id))).toBe(false);
  });

  it('coerces attributes written through the contact API, or refuses them in words', async () => {
    const contact = await byEmail('json1@example.com');
    expect((await admin.ok('PATCH', `/api/contacts/${contact.id}`, { attributes: { spend: '2500', plan: 'gold' } })).attributes).toEqual({ spend: 2500, tier: 'b', plan: 'gold' });
    expect(await admin.call('PATCH', `/api/contacts/${contact.id}`, { attributes: { joined: '2024-13-01' } })).toMatchObject({
      status: 422,
      body: { error: { code: 'validation_failed', message: 'attributes: attribute "joined" (date): "2024-13-01" is not a real date' } },
    });
  });
});

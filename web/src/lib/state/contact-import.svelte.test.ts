import { describe, expect, it } from 'vitest';
import { ContactImport, readCsvPreview } from './contact-import.svelte';
import { attributeKey, guessTarget } from './csv-mapping';
import { fakeServer } from '../../test/fake-server';

const csvFile = (text: string) => new File([text], 'kisiler.csv', { type: 'text/csv' });

describe('readCsvPreview', () => {
  it('keeps the first rows, counts them all, and reads quoted commas, Turkish letters and a BOM', async () => {
    const lines = ['\uFEFFname,email,city', '"Yılmaz, Ayşe",ayse@example.com,İzmir', '', ...Array.from({ length: 8 }, (_, i) => `P${i},p${i}@example.com,Ankara`)];
    const preview = await readCsvPreview(csvFile(lines.join('\n')));
    expect(preview.headers).toEqual(['name', 'email', 'city']);
    expect(preview.rowCount).toBe(9);
    expect(preview.rows).toHaveLength(5);
    expect(preview.rows[0]).toEqual({ name: 'Yılmaz, Ayşe', email: 'ayse@example.com', city: 'İzmir' });
  });
});

describe('column guesses', () => {
  it('maps English and Turkish header spellings to fields, "Doğum Tarihi" to the birthday, the rest to attributes', () => {
    expect(['Full Name', 'E-posta', 'Cep Telefonu', 'Doğum Tarihi', 'Son Sipariş Tarihi', 'Etiketler', 'Saat Dilimi'].map((h) => guessTarget(h))).toEqual([
      'name',
      'email',
      'phone',
      'birthday',
      'lastActivityAt',
      'labels',
      'timeZone',
    ]);
    expect(guessTarget('Toplam Harcama')).toBe('attributes.toplam_harcama');
    expect(guessTarget('Harcama', [{ key: 'spend', label: 'Harcama' }])).toBe('attributes.spend');
    expect(guessTarget('  ')).toBe('');
  });

  it('makes attribute keys the server accepts', () => {
    expect(attributeKey('Şehir / İlçe')).toBe('sehir_ilce');
    expect(attributeKey('2024 puan')).toBe('_2024_puan');
    expect(attributeKey('***')).toBe('column');
  });
});

describe('ContactImport', () => {
  const csv = ['Ad Soyad,E-posta,Doğum Tarihi,Harcama', 'Ayşe,ayse@example.com,14.03.1990,1200', 'Bob,not-an-email,,50', 'Can,can@example.com,,75'].join('\n');

  it('says a file with a header line alone, or nothing, has no contacts, and asks for no mapping', async () => {
    const server = fakeServer({ 'GET /api/attributes': () => ({ items: [] }) });
    const importer = new ContactImport(server.api, { pollMs: 0 });
    await importer.choose(csvFile('name,email\n'));
    expect([importer.phase, importer.emptyFile, importer.file]).toEqual(['choose', 'kisiler.csv', null]);
    await importer.choose(csvFile(''));
    expect([importer.phase, importer.emptyFile]).toEqual(['choose', 'kisiler.csv']);
    await importer.choose(csvFile(csv));
    expect([importer.phase, importer.emptyFile]).toEqual(['map', null]);
  });

  it('uploads the file itself with the chosen mapping, follows the progress until done and keeps the report', async () => {
    let polls = 0;
    const server = fakeServer({
      'GET /api/attributes': () => ({ items: [{ key: 'spend', type: 'number', label: 'Harcama' }] }),
      'POST /api/contacts/import': () => ({ status: 202, body: { id: 'imp-1' } }),
      'GET /api/contacts/imports/imp-1': () => {
        polls++;
        const running = polls < 3;
        return {
          id: 'imp-1',
          status: running ? 'running' : 'completed',
          total: running ? 1 : 3,
          processed: running ? 1 : 3,
          created: running ? 1 : 1,
          merged: running ? 0 : 1,
          rejected: running ? [] : [{ row: 2, reason: 'invalid email "not-an-email"' }],
          startedAt: '2026-12-02T00:00:00Z',
          updatedAt: '2026-12-02T00:00:01Z',
        };
      },
    });
    const importer = new ContactImport(server.api, { pollMs: 0 });
    const file = csvFile(csv);
    await importer.choose(file);
    expect(importer.phase).toBe('map');
    expect(importer.preview.rowCount).toBe(3);
    expect(importer.mapping).toEqual({ 'Ad Soyad': 'name', 'E-posta': 'email', 'Doğum Tarihi': 'birthday', Harcama: 'attributes.spend' });
    importer.setTarget('Ad Soyad', '');
    await importer.start();
    const upload = server.calls.find((c) => c.path === '/api/contacts/import')!;
    expect(upload.body.file).toBeInstanceOf(File);
    expect(await (upload.body.file as File).text()).toBe(csv);
    expect(JSON.parse(upload.body.mapping)).toEqual({ 'E-posta': 'email', 'Doğum Tarihi': 'birthday', Harcama: 'attributes.spend' });
    expect(polls).toBe(3);
    expect(importer.phase).toBe('done');
    expect(importer.done).toBe(3);
    expect(importer.total).toBe(3);
    expect(importer.progress).toMatchObject({ created: 1, merged: 1, rejected: [{ row: 2, reason: 'invalid email "not-an-email"' }] });
  });

  it('sends nothing while no column is mapped to email or phone', async () => {
    const server = fakeServer({ 'GET /api/attributes': () => ({ items: [] }) });
    const importer = new ContactImport(server.api, { pollMs: 0 });
    await importer.choose(csvFile(csv));
    importer.setTarget('E-posta', 'attributes.eposta');
    expect(importer.hasIdentity).toBe(false);
    await importer.start();
    expect(server.calls.some((c) => c.path === '/api/contacts/import')).toBe(false);
    importer.setTarget('E-posta', 'phone');
    expect(importer.hasIdentity).toBe(true);
  });

  it('goes back to the mapping when the server refuses the upload', async () => {
    const server = fakeServer({
      'GET /api/attributes': () => ({ items: [] }),
      'POST /api/contacts/import': () => ({ status: 422, body: { error: { code: 'validation_failed', message: 'mapping: bad' } } }),
    });
    const importer = new ContactImport(server.api, { pollMs: 0 });
    await importer.choose(csvFile(csv));
    await importer.start();
    expect(importer.phase).toBe('map');
    expect(importer.error).toMatchObject({ status: 422, code: 'validation_failed' });
  });
});

import { describe, expect, it } from 'vitest';
import { ContactImport, parseCsvWithPapa } from './contact-import.svelte';
import { fakeServer } from '../../test/fake-server';

describe('ContactImport', () => {
  it('parses a CSV with quoted commas and Turkish letters', async () => {
    const rows = await parseCsvWithPapa('name,email,city\n"Yılmaz, Ayşe",ayse@example.com,İzmir\n\nBob,bob@example.com,Ankara\n');
    expect(rows).toEqual([
      { name: 'Yılmaz, Ayşe', email: 'ayse@example.com', city: 'İzmir' },
      { name: 'Bob', email: 'bob@example.com', city: 'Ankara' },
    ]);
  });

  it('maps header spellings to fields, splits labels and keeps other columns as attributes', async () => {
    const server = fakeServer({ 'POST /api/contacts/import': (r) => ({ created: r.body.rows.length, merged: 0, rejected: [] }) });
    await new ContactImport(server.api).run('Full Name,E-mail,Telefon,Time zone,Tags,City\nAyşe,ayse@example.com,+90 532 111 22 33,Europe/Istanbul,vip; b2b,İzmir\n');
    expect(server.calls[0].body.rows).toEqual([
      { name: 'Ayşe', email: 'ayse@example.com', phone: '+90 532 111 22 33', timeZone: 'Europe/Istanbul', labels: ['vip', 'b2b'], attributes: { City: 'İzmir' } },
    ]);
  });

  it('sends rows in batches, adds up the results and numbers rejected rows across the file', async () => {
    const server = fakeServer({
      'POST /api/contacts/import': (request) => {
        const rows = request.body.rows as Record<string, string>[];
        const rejected = rows.flatMap((row, index) => (row.email ? [] : [{ row: index, reason: 'no email or phone' }]));
        return { created: rows.length - rejected.length, merged: 0, rejected };
      },
    });
    const csv = ['name,email', 'A,a@x.com', 'B,', 'C,c@x.com', 'D,', 'E,e@x.com'].join('\n');
    const importer = new ContactImport(server.api);
    await importer.run(csv, 2);
    expect(server.calls).toHaveLength(3);
    expect(importer.result).toEqual({
      created: 3,
      merged: 0,
      rejected: [
        { row: 1, reason: 'no email or phone' },
        { row: 3, reason: 'no email or phone' },
      ],
    });
    expect(importer.done).toBe(5);
    expect(importer.total).toBe(5);
  });
});

// Contacts end to end (#12 item 13, #13 item 8): nameless contacts shown by their phone in the inbox list and search,
// the CSV importer (the file itself uploaded, columns mapped with a preview, progress, report), and merge with undo.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('contacts: identities, CSV import and merge undo in a real browser', () => {
  const ulak = useUlak();
  let page: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Mağaza API');
    const inbound = (externalId: string, from: Record<string, string>, text: string) => channel.inbound({ externalId, from, text });
    ids.nameless = (await inbound('c-1', { id: 'cust-1', phone: '+905321112233' }, 'İade kodum 55190 çalışmıyor')).conversationId;
    ids.deniz = (await inbound('c-2', { id: 'cust-2', name: 'Deniz Ak', email: 'deniz@example.com' }, 'Merhaba')).contactId;
    ids.selin = (await inbound('c-3', { id: 'cust-3', name: 'Selin Aydın', email: 'selin@example.com' }, 'Faturam nerede?')).contactId;
    ids.selinA = (await inbound('c-4', { id: 'cust-4', name: 'Selin A.', email: 'selin.a@example.com' }, 'Aynı kişiyim.')).contactId;
    page = await signedInPage(ulak, { width: 1280, height: 800 }, { inbox: true });
  });

  it('shows a nameless contact by their phone in the inbox list and in search hits', async () => {
    const row = page.locator(`[data-conversation-id="${ids.nameless}"] .name`);
    await expect.poll(async () => (await row.innerText()).trim()).toBe('+905321112233');
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'Search contacts and messages' }).fill('55190');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('link', { name: '+905321112233' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search contacts and messages' }).fill('0532 111 22 33');
    await dialog.getByRole('heading', { name: 'Contacts' }).waitFor();
    expect(await dialog.getByRole('link', { name: '+905321112233' }).count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('uploads the CSV file itself, maps its columns with a preview, shows progress and the report of merged and rejected rows', async () => {
    await page.goto(`${ulak.server.url}/#/contacts`);
    await page.getByText('Import CSV').click();
    const csv = [
      'Ad Soyad,E-posta,Doğum Tarihi,Son Sipariş,Şehir,Not',
      'Mehmet Öz,mehmet@example.com,14.03.1990,2026-09-01,Ankara,x',
      'Deniz Ak,deniz@example.com,,,,y',
      'Elif,not-an-email,,,İzmir,z',
    ].join('\n');
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/contacts/import')) uploads.push(request.headers()['content-type'] ?? '');
    });
    await page.getByLabel('CSV file').setInputFiles({ name: 'kisiler.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('kisiler.csv: 3 rows.', { exact: false }).waitFor();
    const mapping = page.getByRole('table', { name: 'Columns of the file and what each becomes' });
    const select = (column: string) => mapping.getByRole('combobox', { name: column, exact: true });
    expect(await select('Ad Soyad').inputValue()).toBe('name');
    expect(await select('E-posta').inputValue()).toBe('email');
    expect(await select('Doğum Tarihi').inputValue()).toBe('birthday');
    expect(await select('Son Sipariş').inputValue()).toBe('lastActivityAt');
    expect(await select('Şehir').inputValue()).toBe('attributes.sehir');
    // The preview shows the first values of each column.
    await mapping.getByRole('row', { name: /Şehir/ }).getByText('Ankara · İzmir').waitFor();
    await select('Not').selectOption('');
    await page.screenshot({ path: `${shots}contacts-import-mapping.png`, fullPage: true });
    await page.getByRole('button', { name: 'Import 3 rows' }).click();
    await page.getByText('1 created, 1 merged, 1 rejected.').waitFor({ timeout: 30_000 });
    // The row as the spreadsheet shows it: the header is row 1.
    await page.getByText('Row 4: “not-an-email” is not a valid email address').waitFor();
    const progress = page.getByRole('progressbar', { name: 'Import progress' });
    expect(await progress.getAttribute('value')).toBe('3');
    expect(await progress.getAttribute('max')).toBe('3');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatch(/^multipart\/form-data; boundary=/);
    await page.getByRole('table').last().getByRole('link', { name: 'Mehmet Öz' }).waitFor();
    const { items } = await ulak.api.call('GET', '/api/contacts?q=mehmet');
    const mehmet = await ulak.api.call('GET', `/api/contacts/${items[0].id}`);
    expect(mehmet.birthday).toBe('1990-03-14');
    expect(mehmet.attributes).toEqual({ sehir: 'Ankara' });
  });

  it('reloads the contacts list after a merge, and an admin undoes the merge from the profile', async () => {
    await page.goto(`${ulak.server.url}/#/contacts/${ids.selin}`);
    const list = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'Identities' }) });
    await list.getByRole('link', { name: 'Selin A.', exact: true }).waitFor();
    const panel = page.getByRole('complementary', { name: 'Contact profile' });
    await panel.getByText('Merge another contact into this one').click();
    await panel.getByRole('combobox', { name: /Find the contact to merge in/ }).fill('Selin A');
    await panel.getByRole('option', { name: /Selin A\./ }).click();
    await panel.getByRole('button', { name: 'Merge now' }).click();
    await panel.getByText('“Selin A.” was merged into this contact.').waitFor();
    await list.getByRole('link', { name: 'Selin A.', exact: true }).waitFor({ state: 'detached' });
    await panel.getByRole('region', { name: 'Identities' }).getByText('selin.a@example.com').waitFor();
    await page.screenshot({ path: `${shots}contacts-merge-undo.png` });
    await panel.getByRole('button', { name: 'Undo merge' }).click();
    await list.getByRole('link', { name: 'Selin A.', exact: true }).waitFor();
    await panel.getByRole('region', { name: 'Identities' }).getByText('selin.a@example.com').waitFor({ state: 'detached' });
    expect((await ulak.api.call('GET', `/api/contacts/${ids.selinA}`)).identities.map((i: { value: string }) => i.value)).toContain('selin.a@example.com');
  });
});

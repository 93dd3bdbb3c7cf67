// An unsubscribe link names the contact the mail went to; a merge since then must not turn the link into a dead end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { unsubscribeToken } from '../../server/consent/index.ts';

describe('unsubscribe links of a merged contact', () => {
  let t: TestApp;
  let admin: Client;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await Client.admin(t.app);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const contactByEmail = async (email: string) => (await admin.ok('GET', '/api/contacts?limit=200')).items.find((c: any) => c.identities.some((i: any) => i.value === email));
  const link = (contactId: string) => `/u/${unsubscribeToken(t.services.config.secretKey, { contactId, channel: 'email' })}`;

  it('opts out the contact it was merged into, by one click and from the preference page', async () => {
    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Zeynep Kaya', email: 'zeynep@customer.example' },
        { name: 'Zeynep K.', email: 'zk@other.example' },
        { name: 'Zeynep', phone: '+905321110000' },
      ],
    });
    const into = await contactByEmail('zeynep@customer.example');
    const from = await contactByEmail('zk@other.example');
    const third = (await admin.ok('GET', '/api/contacts?limit=200')).items.find((c: any) => c.identities.some((i: any) => i.value === '+905321110000'));
    // Mail went to `from`; then `from` was merged into `third`, and `third` into `into`: the link still names `from`.
    const oldLink = link(from.id);
    await admin.ok('POST', '/api/contacts/merge', { intoId: third.id, fromId: from.id });
    await admin.ok('POST', '/api/contacts/merge', { intoId: into.id, fromId: third.id });

    const page = await t.app.request(oldLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="${oldLink}/preferences"`);

    const res = await t.app.request(oldLink, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const contact = await admin.ok('GET', `/api/contacts/${into.id}`);
    expect(contact.consents).toEqual([{ channel: 'email', status: 'opted_out', source: 'one-click', at: expect.any(String) }]);

    const saved = await t.app.request(`${oldLink}/preferences`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'all=opted_out' });
    expect(saved.status).toBe(303);
    const after = await admin.ok('GET', `/api/contacts/${into.id}`);
    expect(after.consents.find((c: any) => c.channel === 'all')).toEqual({ channel: 'all', status: 'opted_out', source: 'link', at: expect.any(String) });
  });

  it('answers 404 for the link of a merged contact once the merge is undone and that contact erased', async () => {
    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Ali', email: 'ali@customer.example' },
        { name: 'Ali V.', email: 'ali@other.example' },
      ],
    });
    const into = await contactByEmail('ali@customer.example');
    const from = await contactByEmail('ali@other.example');
    const { mergeId } = await admin.ok('POST', '/api/contacts/merge', { intoId: into.id, fromId: from.id });
    expect((await t.app.request(link(from.id))).status).toBe(200);
    await admin.ok('POST', `/api/contacts/merges/${mergeId}/revert`);
    await admin.ok('DELETE', `/api/contacts/${from.id}`);
    expect((await t.app.request(link(from.id))).status).toBe(404);
    // The contact it had been merged into is not opted out by the dead link.
    const res = await t.app.request(link(from.id), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(404);
    expect((await admin.ok('GET', `/api/contacts/${into.id}`)).consents).toEqual([]);
  });
});

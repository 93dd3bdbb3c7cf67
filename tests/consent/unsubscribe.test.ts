// Marketing email through a real SMTP peer carries RFC 8058 one-click unsubscribe; the link's page and POSTs record consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOnlyChannelBody, startSmtpPeer, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { eventually } from '../support/api-channel.ts';
import { daytimeClock } from '../support/clock.ts';

describe('unsubscribe from marketing email', () => {
  let smtp: SmtpPeer;
  let t: TestApp;
  let admin: Client;
  let channelId: string;
  let templateId: string;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    // A daytime clock: on the real clock the campaign would be held by quiet hours at night.
    t = await createTestApp({ workers: true, now: daytimeClock() });
    admin = await Client.admin(t.app);
    channelId = (await admin.ok('POST', '/api/channels', sendOnlyChannelBody(smtp))).id;
    templateId = (
      await admin.ok('POST', '/api/templates', {
        name: 'Sale',
        fallbackLanguage: 'en',
        languages: { tr: { subject: 'İndirim', body: 'Merhaba {{contact.firstName}}, indirim başladı.' }, en: { subject: 'Sale', body: 'Hello {{contact.firstName}}, the sale is on.' } },
      })
    ).id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const runCampaign = async (label: string) => {
    const campaign = await admin.ok('POST', '/api/campaigns', {
      name: label,
      conditions: { op: 'has_label', value: label },
      templateId,
      channelPolicy: { channelIds: [channelId] },
      schedule: { mode: 'now' },
      throttlePerSecond: 100,
    });
    await admin.ok('POST', `/api/campaigns/${campaign.id}/start`);
    return eventually(async () => {
      const s = await admin.ok('GET', `/api/campaigns/${campaign.id}/stats`);
      return s.status === 'completed' && s;
    }, 20_000);
  };
  const contactByEmail = async (email: string) => (await admin.ok('GET', '/api/contacts?limit=200')).items.find((c: any) => c.identities.some((i: any) => i.value === email));

  it('sends List-Unsubscribe with one-click POST and a Turkish footer link; a POST to it opts the contact out of marketing email', async () => {
    await admin.ok('POST', '/api/contacts/import', { rows: [{ name: 'Ayşe Yılmaz', email: 'ayse@customer.example', phone: '+905321112233', language: 'tr', labels: ['spring'] }] });
    await runCampaign('spring');
    const [mail] = await smtp.waitFor(1, 20_000);
    const raw = mail!.raw.replace(/\r\n[ \t]+/g, ' ');
    const url = /^List-Unsubscribe: <(https:\/\/ulak\.test\/u\/[^>]+)>$/m.exec(raw)?.[1];
    expect(url).toMatch(/^https:\/\/ulak\.test\/u\/[0-9a-f-]{36}\.email\.[0-9a-f]{64}$/);
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
    expect(mail!.parsed.subject).toBe('İndirim');
    expect(mail!.parsed.text).toContain('Merhaba Ayşe, indirim başladı.');
    expect(mail!.parsed.text).toContain(`Abonelikten çıkın veya tercihlerinizi değiştirin: ${url}`);

    const path = new URL(url!).pathname;
    const res = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const contact = await admin.ok('GET', `/api/contacts/${(await contactByEmail('ayse@customer.example')).id}`);
    expect(contact.consents).toEqual([{ channel: 'email', status: 'opted_out', source: 'one-click', at: expect.any(String) }]);

    // The next campaign to her skips her as opted out and sends nothing.
    await admin.ok('PATCH', `/api/contacts/${contact.id}`, { labels: ['summer'] });
    const stats = await runCampaign('summer');
    expect(stats).toMatchObject({ total: 1, skipped: 1, skippedByReason: { 'opted-out': 1 } });
    expect(smtp.received).toHaveLength(1);
  }, 60_000);

  it("serves the preference page in the contact's language and saves an SMS-only opt-out", async () => {
    const url = /^List-Unsubscribe: <(https:\/\/ulak\.test\/u\/[^>]+)>$/m.exec(smtp.received[0]!.raw.replace(/\r\n[ \t]+/g, ' '))![1]!;
    const path = new URL(url).pathname;
    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/);
    const html = await page.text();
    expect(html).toContain('<html lang="tr">');
    expect(html).not.toContain('<script');
    expect(html).toContain(`<form method="post" action="${path}/preferences">`);
    // Email shows unticked (she opted out by one-click), SMS ticked.
    expect(html).toContain('<input type="checkbox" name="channel" value="email"> E-posta');
    expect(html).toContain('<input type="checkbox" name="channel" value="sms" checked> SMS');

    // She ticks email again and unticks SMS; WhatsApp stays ticked, which records nothing (a pre-ticked box is no consent).
    expect(html).toContain('<input type="checkbox" name="channel" value="whatsapp" checked> WhatsApp');
    const saved = await t.app.request(`${path}/preferences`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=email&channel=whatsapp' });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${path}?saved=1`);
    const contact = await admin.ok('GET', `/api/contacts/${(await contactByEmail('ayse@customer.example')).id}`);
    const byChannel = Object.fromEntries(contact.consents.map((k: any) => [k.channel, [k.status, k.source]]));
    expect(byChannel).toEqual({ email: ['opted_in', 'link'], sms: ['opted_out', 'link'] });
    expect(await (await t.app.request(`${path}?saved=1`)).text()).toContain('Tercihleriniz kaydedildi.');

    // "No marketing at all" is recorded beside the channels.
    await t.app.request(`${path}/preferences`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'channel=email&channel=whatsapp&all=opted_out' });
    const after = await admin.ok('GET', `/api/contacts/${contact.id}`);
    expect(after.consents.find((k: any) => k.channel === 'all')).toMatchObject({ status: 'opted_out', source: 'link' });
  });

  it('answers a forged or damaged link with 404 and records nothing', async () => {
    const url = /^List-Unsubscribe: <(https:\/\/ulak\.test\/u\/[^>]+)>$/m.exec(smtp.received[0]!.raw.replace(/\r\n[ \t]+/g, ' '))![1]!;
    const forged = new URL(url).pathname.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    expect((await t.app.request(forged)).status).toBe(404);
    expect((await t.app.request(forged, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(404);
    expect((await t.app.request('/u/not-a-token')).status).toBe(404);
  });

  it('counts a customer who leaves all marketing on the preference page as opted out of the campaign that reached them', async () => {
    await admin.ok('POST', '/api/contacts/import', { rows: [{ name: 'Selin Ak', email: 'selin@customer.example', language: 'en', labels: ['spring-news'] }] });
    const before = smtp.received.length;
    const campaign = await runCampaign('spring-news');
    const [mail] = (await smtp.waitFor(before + 1, 20_000)).slice(before);
    const url = /^List-Unsubscribe: <(https:\/\/ulak\.test\/u\/[^>]+)>$/m.exec(mail!.raw.replace(/\r\n[ \t]+/g, ' '))![1]!;
    expect(campaign.optedOut).toBe(0);
    // The email box is left ticked; "no marketing at all" is what she chooses.
    const saved = await t.app.request(`${new URL(url).pathname}/preferences`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=email&all=opted_out',
    });
    expect(saved.status).toBe(303);
    const { items } = await admin.ok('GET', '/api/campaigns');
    const stats = await admin.ok('GET', `/api/campaigns/${items.find((c: any) => c.name === 'spring-news').id}/stats`);
    expect(stats).toMatchObject({ sent: 1, optedOut: 1 });
  }, 60_000);

  it('keeps the link of an email sent before a merge working: the page and the one-click POST reach the contact it was merged into', async () => {
    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Deniz Kaya', email: 'deniz@customer.example', language: 'tr', labels: ['winter'] },
        { name: 'Deniz Kaya', phone: '+905321112299', language: 'tr' },
      ],
    });
    const before = smtp.received.length;
    await runCampaign('winter');
    const [mail] = (await smtp.waitFor(before + 1, 20_000)).slice(before);
    const url = /^List-Unsubscribe: <(https:\/\/ulak\.test\/u\/[^>]+)>$/m.exec(mail!.raw.replace(/\r\n[ \t]+/g, ' '))![1]!;
    const path = new URL(url).pathname;
    // An agent merges the mailed contact into the one with the phone; the mailed one is gone.
    const mailed = await contactByEmail('deniz@customer.example');
    const other = (await admin.ok('GET', '/api/contacts?limit=200')).items.find((c: any) => c.identities.some((i: any) => i.value === '+905321112299'));
    await admin.ok('POST', '/api/contacts/merge', { intoId: other.id, fromId: mailed.id });

    const page = await t.app.request(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input type="checkbox" name="channel" value="email" checked> E-posta');
    const res = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    const survivor = await admin.ok('GET', `/api/contacts/${other.id}`);
    expect(survivor.consents).toEqual([{ channel: 'email', status: 'opted_out', source: 'one-click', at: expect.any(String) }]);
  }, 60_000);

  it('never sends marketing to a suppressed address, imported before any contact had it', async () => {
    const csv = new FormData();
    csv.set('file', new File(['email,phone\nghost@customer.example,\n,0532 999 88 77\n\nnot-an-email,\n'], 'suppress.csv', { type: 'text/csv' }));
    const imported = await admin.call('POST', '/api/suppressions', csv);
    // Rows as a spreadsheet shows them, as the contacts and orders imports count: the header is row 1, a blank row counts.
    expect(imported).toEqual({ status: 200, body: { added: 2, existing: 0, rejected: [{ row: 5, reason: '"not-an-email" is not an email address' }] } });
    const json = await admin.call('POST', '/api/suppressions', { items: [{ email: ' Ghost@Customer.example ' }, { email: 'late@customer.example' }] });
    expect(json.body).toEqual({ added: 1, existing: 1, rejected: [] });
    const list = await admin.ok('GET', '/api/suppressions');
    expect(list.items.map((s: any) => `${s.kind}:${s.value}:${s.source}`).sort()).toEqual(['email:ghost@customer.example:import', 'email:late@customer.example:api', 'phone:+905329998877:import']);

    await admin.ok('POST', '/api/contacts/import', {
      rows: [
        { name: 'Ghost', email: 'ghost@customer.example', labels: ['autumn'] },
        { name: 'Kerem', email: 'kerem@customer.example', labels: ['autumn'] },
      ],
    });
    const before = smtp.received.length;
    const stats = await runCampaign('autumn');
    expect(stats).toMatchObject({ total: 2, skipped: 1, skippedByReason: { suppressed: 1 } });
    await smtp.waitFor(before + 1, 20_000);
    expect(smtp.received.slice(before).map((m) => m.envelope.to)).toEqual([['kerem@customer.example']]);

    const late = list.items.find((s: any) => s.value === 'late@customer.example');
    expect((await admin.call('DELETE', `/api/suppressions/${late.id}`)).status).toBe(200);
    expect((await admin.call('DELETE', `/api/suppressions/${late.id}`)).status).toBe(404);
    expect((await admin.call('POST', '/api/suppressions', { items: [] })).status).toBe(422);
    // Excel in a Turkish locale writes semicolons.
    const semicolons = new FormData();
    semicolons.set('file', new File(['e-posta;telefon\r\nsemi@customer.example;\r\n'], 'suppress.csv', { type: 'text/csv' }));
    expect((await admin.call('POST', '/api/suppressions', semicolons)).body).toEqual({ added: 1, existing: 0, rejected: [] });
    const noColumns = new FormData();
    noColumns.set('file', new File(['name\nAli\n'], 'x.csv'));
    expect((await admin.call('POST', '/api/suppressions', noColumns)).body.error.code).toBe('validation_failed');
  }, 60_000);

  it('lists the unsubscribe routes in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/u/{token}'])).toEqual(['post', 'get']);
    expect(doc.paths['/u/{token}/preferences'].post.security).toEqual([]);
    expect(Object.keys(doc.paths['/api/suppressions']).sort()).toEqual(['get', 'post']);
    // Both forms the route takes: a CSV upload and JSON items.
    const forms = doc.paths['/api/suppressions'].post.requestBody.content;
    expect(Object.keys(forms).sort()).toEqual(['application/json', 'multipart/form-data']);
    expect(forms['application/json'].schema.properties.items.items.properties).toMatchObject({ email: { type: 'string' }, phone: { type: 'string' } });
    expect(doc.paths['/api/contacts/{id}/consents'].put['x-roles']).toEqual(['agent', 'marketer']);
  });
});

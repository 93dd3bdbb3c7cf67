// Campaign preview, test send and template check before Start; the channel order a campaign names; the stats status.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns, consents, contactIdentities, contacts, messages, suppressions } from '../../server/db/schema/index.ts';
import { runCampaignTick } from '../../server/campaigns/index.ts';
import { insertChannel } from '../support/fixtures.ts';
import { recordingDriver } from '../support/recording-driver.ts';
import { Client, createTestApp, type TestApp } from '../support/test-app.ts';
import { holdout } from '../../workflows/guards/holdout.ts';

describe('campaign preview, test send and template check', () => {
  let t: TestApp;
  let marketer: Client;
  // 10:00 UTC: daytime in Istanbul, 06:00 (quiet hours) in New York.
  let clock = new Date('2026-07-01T10:00:00Z');
  const sms = recordingDriver('sms');
  const email = recordingDriver('email');
  let smsChannel: { id: string };
  let emailChannel: { id: string };
  const ids: Record<string, string> = {};

  async function person(
    key: string,
    spec: { name: string; zone?: string; spent?: number; preferred?: string; identities: Array<{ kind: 'email' | 'phone' | 'telegram'; value: string }>; smsOptOut?: boolean },
  ) {
    const [row] = await t.services.database.db
      .insert(contacts)
      .values({
        name: spec.name,
        labels: ['pv'],
        timeZone: spec.zone ?? 'Europe/Istanbul',
        language: 'en',
        attributes: spec.spent === undefined ? {} : { spent: spec.spent },
        preferredChannel: spec.preferred ?? null,
      })
      .returning();
    for (const identity of spec.identities) await t.services.database.db.insert(contactIdentities).values({ contactId: row!.id, ...identity });
    if (spec.smsOptOut) await t.services.database.db.insert(consents).values({ contactId: row!.id, channel: 'sms', status: 'opted_out', source: 'test' });
    ids[key] = row!.id;
  }

  async function campaign(templateId: string, channelPolicy: object) {
    return marketer.ok('POST', '/api/campaigns', {
      name: `pv ${Object.keys(ids).length}-${Math.random()}`,
      conditions: { op: 'has_label', value: 'pv' },
      templateId,
      channelPolicy,
      schedule: { mode: 'now' },
    });
  }

  /** A campaign sent now, on the newsletter's email channel alone, to the contacts with one label. */
  const emailCampaign = (name: string, label: string, templateId: string) =>
    marketer.ok('POST', '/api/campaigns', { name, conditions: { op: 'has_label', value: label }, templateId, channelPolicy: { channelIds: [emailChannel.id] }, schedule: { mode: 'now' } });

  beforeAll(async () => {
    t = await createTestApp({ now: () => clock, drivers: { sms: sms.driver, email: email.driver } });
    marketer = await (await Client.admin(t.app)).user(['marketer']);
    smsChannel = await insertChannel(t.services.database, 'sms', 'SMS line');
    emailChannel = await insertChannel(t.services.database, 'email', 'Newsletter');
    await person('phoneOnly', { name: 'Ayşe Kaya', spent: 120, identities: [{ kind: 'phone', value: '+905320000001' }] });
    await person('both', {
      name: 'Burak Demir',
      spent: 80,
      preferred: 'email',
      identities: [
        { kind: 'phone', value: '+905320000002' },
        { kind: 'email', value: 'burak@example.com' },
      ],
    });
    await person('optedOut', { name: 'Cem Ak', spent: 5, smsOptOut: true, identities: [{ kind: 'phone', value: '+905320000003' }] });
    await person('telegramOnly', { name: 'Deniz', spent: 7, identities: [{ kind: 'telegram', value: '4242' }] });
    await person('newYork', { name: 'Eve Stone', zone: 'America/New_York', identities: [{ kind: 'phone', value: '+12125550100' }] });
    await person('suppressed', { name: 'Fatma Yıldız', identities: [{ kind: 'email', value: 'fatma@example.com' }] });
    await t.services.database.db.insert(suppressions).values({ kind: 'email', value: 'fatma@example.com', source: 'test' });
  });
  afterAll(async () => t.close());

  it('previews audience, reachable per channel, deferrals apart from skips by reason, a sample and the template check', async () => {
    const template = await marketer.ok('POST', '/api/templates', {
      name: 'Spent',
      fallbackLanguage: 'en',
      languages: { en: { subject: 'Thanks {{contact.firstName | "there"}}', body: 'Hi {{contact.firstName | "there"}}, you have spent {{contact.attributes.spent}} with us.' } },
    });
    const c = await campaign(template.id, { channelIds: [smsChannel.id, emailChannel.id] });
    const preview = await marketer.ok('POST', `/api/campaigns/${c.id}/preview`);
    expect(preview).toMatchObject({ audience: 6, reachable: 3, deferred: 1, skipped: 3, skippedByReason: { 'opted-out': 1, 'no-channel': 1, suppressed: 1 } });
    // Default policy: the preferred channel first (Burak prefers email), else the fixed order (SMS before email).
    expect(preview.channels).toEqual([
      { channelId: smsChannel.id, kind: 'sms', name: 'SMS line', recipients: 2 },
      { channelId: emailChannel.id, kind: 'email', name: 'Newsletter', recipients: 1 },
    ]);
    expect(preview.templateCheck).toEqual({ ok: false, missing: [{ variable: 'contact.attributes.spent', contacts: 2, sampleContactIds: [ids.newYork, ids.suppressed].sort() }] });
    expect(preview.sample).toMatchObject({ outcome: 'sends', inAudience: true, language: 'en' });
    expect(preview.sample.body).toMatch(/^Hi \S+, you have spent \d+ with us\.$/);

    const eve = await marketer.ok('POST', `/api/campaigns/${c.id}/preview`, { contactId: ids.newYork });
    expect(eve.sample).toMatchObject({
      contactId: ids.newYork,
      outcome: 'deferred',
      channel: { channelId: smsChannel.id, kind: 'sms', to: '+12125550100' },
      body: 'Hi Eve, you have spent  with us.',
      missingVariables: ['contact.attributes.spent'],
    });
    // Sent when quiet hours end at 09:00 in New York.
    expect(eve.sample.at).toBe('2026-07-01T13:00:00.000Z');
    expect(sms.sent).toHaveLength(0);
  });

  it('refuses to start while a variable has no value and no fallback, naming it and how many lack it; a fallback lets it start', async () => {
    const template = await marketer.ok('POST', '/api/templates', { name: 'Spent 2', fallbackLanguage: 'en', languages: { en: { body: 'You have spent {{contact.attributes.spent}} with us.' } } });
    const c = await campaign(template.id, { channelIds: [smsChannel.id] });
    const refused = await marketer.call('POST', `/api/campaigns/${c.id}/start`);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'template_variable_missing',
      fields: [{ path: 'template', code: 'template_variable_missing', variable: 'contact.attributes.spent', contacts: 2 }],
    });
    expect(refused.body.error.message).toContain('{{contact.attributes.spent}} has no value for 2 contacts');
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}`)).status).toBe('draft');
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}/stats`)).total).toBe(0);

    await marketer.ok('PUT', `/api/templates/${template.id}`, {
      name: 'Spent 2',
      fallbackLanguage: 'en',
      languages: { en: { body: 'You have spent {{contact.attributes.spent | "a lot"}} with us.' } },
    });
    expect((await marketer.ok('POST', `/api/campaigns/${c.id}/preview`)).templateCheck).toEqual({ ok: true, missing: [] });
    expect((await marketer.ok('POST', `/api/campaigns/${c.id}/start`)).recipients).toBe(6);
    // The stored state stays `running`; the stats say `sending` until every message is final.
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}`)).status).toBe('running');
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}/stats`)).status).toBe('sending');
    await marketer.ok('POST', `/api/campaigns/${c.id}/cancel`);
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}/stats`)).status).toBe('cancelled');
  });

  it('uses the channel order a campaign names, or only the preferred channel, and previews the split', async () => {
    const template = await marketer.ok('POST', '/api/templates', { name: 'Plain', fallbackLanguage: 'en', languages: { en: { body: 'Hello {{contact.firstName | "there"}}' } } });
    // Burak prefers email, which the policy honours; an order that names SMS first moves him to SMS.
    const smsFirst = await campaign(template.id, { channelIds: [smsChannel.id, emailChannel.id], channels: ['sms', 'email'] });
    const split = await marketer.ok('POST', `/api/campaigns/${smsFirst.id}/preview`);
    expect(split.channels.map((c: any) => [c.kind, c.recipients])).toEqual([
      ['sms', 3],
      ['email', 0],
    ]);
    const smsOnly = await campaign(template.id, { channelIds: [smsChannel.id, emailChannel.id], channels: ['sms'] });
    const onlySms = await marketer.ok('POST', `/api/campaigns/${smsOnly.id}/preview`, { contactId: ids.both });
    expect(onlySms.sample).toMatchObject({ channel: { kind: 'sms', to: '+905320000002' } });
    // Fatma has only an (suppressed) email: with SMS alone she has no channel at all.
    expect(onlySms.skippedByReason).toEqual({ 'opted-out': 1, 'no-channel': 2 });

    const preferred = await campaign(template.id, { channelIds: [smsChannel.id, emailChannel.id], channels: 'preferred' });
    const p = await marketer.ok('POST', `/api/campaigns/${preferred.id}/preview`);
    expect(p).toMatchObject({ reachable: 1, skippedByReason: { 'no-preferred-channel': 5 } });
    expect(p.channels.map((c: any) => c.recipients)).toEqual([0, 1]);

    const bad = await marketer.call('POST', '/api/campaigns', {
      name: 'x',
      conditions: { op: 'has_label', value: 'pv' },
      templateId: template.id,
      channelPolicy: { channelIds: [smsChannel.id], channels: ['telegram'] },
      schedule: { mode: 'now' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('names telegram');
  });

  it('sends a test to the marketer on the campaign channel, marked as a test and counted nowhere', async () => {
    const template = await marketer.ok('POST', '/api/templates', {
      name: 'Test me',
      fallbackLanguage: 'en',
      languages: { en: { subject: 'Sale for {{contact.firstName | "you"}}', body: 'Hi {{contact.firstName | "there"}}!' } },
    });
    const c = await campaign(template.id, { channelIds: [smsChannel.id, emailChannel.id] });
    const sent = await marketer.ok('POST', `/api/campaigns/${c.id}/test-send`, { to: ' Me@Example.com ', contactId: ids.both });
    expect(sent).toMatchObject({ sent: true, test: true, channelId: emailChannel.id, kind: 'email', to: 'me@example.com', contactId: ids.both, subject: '[Test] Sale for Burak', body: 'Hi Burak!' });
    expect(email.sent.at(-1)).toMatchObject({ to: { kind: 'email', value: 'me@example.com' }, subject: '[Test] Sale for Burak', text: 'Hi Burak!' });

    const bySms = await marketer.ok('POST', `/api/campaigns/${c.id}/test-send`, { to: '0532 111 22 33', contactId: ids.phoneOnly });
    expect(bySms).toMatchObject({ kind: 'sms', to: '+905321112233' });
    expect(sms.sent.at(-1)).toMatchObject({ to: { kind: 'phone', value: '+905321112233' }, text: '[Test] Hi Ayşe!' });

    const wrong = await marketer.call('POST', `/api/campaigns/${c.id}/test-send`, { to: 'not an address' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_recipient', message: '“not an address” is not a phone number (sms) or an email address (email)' });
    const emailOnSms = await marketer.call('POST', `/api/campaigns/${c.id}/test-send`, { to: 'me@example.com', channelId: smsChannel.id });
    expect(emailOnSms.status).toBe(422);
    // No message row, no recipient: the campaign's figures do not move.
    expect(await marketer.ok('GET', `/api/campaigns/${c.id}/stats`)).toMatchObject({ status: 'draft', total: 0, sent: 0 });
    expect((await t.services.database.db.select().from(contacts).where(eq(contacts.id, ids.both)))[0]!.lastOutboundAt).toBeNull();
  });
  it('addresses a contact with two emails by the one added first, whatever order the rows are stored in', async () => {
    // Found in review: the identities were read in no fixed order (where the rows happened to lie), so contact.email and
    // the address could change between a preview and the send. Here the older address's row is stored second.
    const [row] = await t.services.database.db
      .insert(contacts)
      .values({ name: 'Cem Aksoy', labels: ['two-emails'], timeZone: 'Europe/Istanbul', language: 'en' })
      .returning();
    await t.services.database.db.insert(contactIdentities).values({ contactId: row!.id, kind: 'email', value: 'cem@new.example', createdAt: new Date('2026-03-01T00:00:00Z') });
    await t.services.database.db.insert(contactIdentities).values({ contactId: row!.id, kind: 'email', value: 'cem@old.example', createdAt: new Date('2026-01-01T00:00:00Z') });
    const template = await marketer.ok('POST', '/api/templates', { name: 'Which address', fallbackLanguage: 'en', languages: { en: { subject: 'Hi', body: 'Writing to {{contact.email}}' } } });
    const c = await emailCampaign('Two emails', 'two-emails', template.id);
    const preview = await marketer.ok('POST', `/api/campaigns/${c.id}/preview`, { contactId: row!.id });
    expect(preview.sample).toMatchObject({ body: 'Writing to cem@old.example', channel: { kind: 'email', to: 'cem@old.example' } });
    expect((await marketer.ok('GET', `/api/contacts/${row!.id}`)).identities.map((i: { value: string }) => i.value)).toEqual(['cem@old.example', 'cem@new.example']);
  });

  it('gives an email whose template has no subject the campaign name, in the preview, the test and the queued message alike', async () => {
    const [row] = await t.services.database.db
      .insert(contacts)
      .values({ name: 'Deniz Kara', labels: ['no-subject'], timeZone: 'Europe/Istanbul', language: 'en' })
      .returning();
    await t.services.database.db.insert(contactIdentities).values({ contactId: row!.id, kind: 'email', value: 'deniz@example.com' });
    const template = await marketer.ok('POST', '/api/templates', { name: 'No subject', fallbackLanguage: 'en', languages: { en: { body: 'December offers are here' } } });
    const c = await emailCampaign('December newsletter', 'no-subject', template.id);
    expect((await marketer.ok('POST', `/api/campaigns/${c.id}/preview`)).sample).toMatchObject({ subject: 'December newsletter', channel: { kind: 'email' } });
    expect((await marketer.ok('POST', `/api/campaigns/${c.id}/test-send`, { to: 'me@example.com' })).subject).toBe('[Test] December newsletter');
    // A channel that refuses the test says why, in its own words, beside the code.
    email.refuse.set('refused@example.com', 'TEMPORARY');
    const refused = await marketer.call('POST', `/api/campaigns/${c.id}/test-send`, { to: 'refused@example.com' });
    expect([refused.status, refused.body.error]).toMatchObject([502, { code: 'test_send_failed', channelCode: 'TEMPORARY', reason: 'refused refused@example.com' }]);
    await marketer.ok('POST', `/api/campaigns/${c.id}/start`);
    const started = clock;
    for (let i = 0; i < 5; i++) {
      clock = new Date(clock.getTime() + 5_000);
      await runCampaignTick(t.services);
    }
    clock = started;
    // Queued for the marketing lane under that subject (the lane sends the stored message as it is).
    const queued = await t.services.database.db.select({ subject: messages.subject }).from(messages).where(eq(messages.contactId, row!.id));
    expect(queued.map((m) => m.subject)).toEqual(['December newsletter']);
  });

  it('shows an HTML email as it is sent: sanitised HTML and its text part, with the template as written beside them', async () => {
    const [row] = await t.services.database.db
      .insert(contacts)
      .values({ name: 'Ece Tan', labels: ['html-preview'], timeZone: 'Europe/Istanbul', language: 'en' })
      .returning();
    await t.services.database.db.insert(contactIdentities).values({ contactId: row!.id, kind: 'email', value: 'ece@example.com' });
    const body = '<p>Hello <b>{{contact.firstName}}</b></p><script>alert(1)</script>';
    const template = await marketer.ok('POST', '/api/templates', { name: 'HTML news', fallbackLanguage: 'en', languages: { en: { subject: 'News', body } } });
    const c = await emailCampaign('HTML news', 'html-preview', template.id);
    const { sample } = await marketer.ok('POST', `/api/campaigns/${c.id}/preview`);
    expect(sample.body).toBe('<p>Hello <b>Ece</b></p><script>alert(1)</script>');
    expect(sample.html).toBe('<p>Hello <b>Ece</b></p>');
    expect(sample.text).toBe('Hello Ece');
  });

  it('counts the holdout apart from skips in the preview, and refuses a holdout over 50%', async () => {
    const template = await marketer.ok('POST', '/api/templates', { name: 'Held', fallbackLanguage: 'en', languages: { en: { body: 'Hi {{contact.firstName | "there"}}' } } });
    const body = { name: 'Held', conditions: { op: 'has_label', value: 'pv' }, templateId: template.id, channelPolicy: { channelIds: [smsChannel.id, emailChannel.id] }, schedule: { mode: 'now' } };
    const refused = await marketer.call('POST', '/api/campaigns', { ...body, holdoutPercent: 51 });
    expect(refused.status).toBe(422);
    const c = await marketer.ok('POST', '/api/campaigns', { ...body, holdoutPercent: 50 });
    expect(c).toMatchObject({ holdoutPercent: 50, conversionWindowDays: 7 });
    const drawn = Object.values(ids).filter((id) => holdout(c.id, id, 50));
    const preview = await marketer.ok('POST', `/api/campaigns/${c.id}/preview`);
    expect(preview.audience).toBe(6);
    expect(preview.heldOut).toBe(drawn.length);
    expect(preview.heldOut + preview.reachable + preview.skipped).toBe(6);
    expect(preview.skippedByReason['held-out']).toBeUndefined();
  });

  it('answers a draft saved with a number condition that is no number with a 422 naming it, not a server error', async () => {
    const template = await marketer.ok('POST', '/api/templates', { name: 'Old draft', fallbackLanguage: 'en', languages: { en: { body: 'Hello' } } });
    const c = await campaign(template.id, { channelIds: [smsChannel.id] });
    // Saved before such values were refused: written straight to the row.
    await t.services.database.db
      .update(campaigns)
      .set({ conditions: { field: 'contact.totalSpent', op: 'gt', value: '1.500,50' } })
      .where(eq(campaigns.id, c.id));
    for (const action of ['preview', 'start']) {
      const refused = await marketer.call('POST', `/api/campaigns/${c.id}/${action}`);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'validation_failed', message: 'segment.value: contact.totalSpent needs a number like 1500.50, not "1.500,50"' });
    }
    expect((await marketer.ok('GET', `/api/campaigns/${c.id}`)).status).toBe('draft');
  });
});

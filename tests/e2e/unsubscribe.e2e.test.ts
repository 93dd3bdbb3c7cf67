// The customer's side of unsubscribe in a real browser: the link in a received marketing email opens the preference
// page, and opting out of SMS only is recorded as exactly that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { useUlak } from './support/use-ulak';
import { sendOnlyChannelBody, startSmtpPeer, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';

describe.skipIf(!hasChromium)('unsubscribe preference page', () => {
  // The preference page is served by the server alone: no web build needed.
  const ulak = useUlak({ build: false });
  let smtp: SmtpPeer;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    // No quiet hours, so the campaign goes out whatever the hour this runs at.
    await ulak.api.call('PATCH', '/api/workspace', { quietHours: { start: '00:00', end: '00:00' } });
    const channel = await ulak.api.call('POST', '/api/channels', sendOnlyChannelBody(smtp));
    await ulak.api.call('POST', '/api/contacts/import', { rows: [{ name: 'Jane Doe', email: 'jane@customer.example', phone: '+905321112244', language: 'en', labels: ['newsletter'] }] });
    const template = await ulak.api.call('POST', '/api/templates', {
      name: 'News',
      fallbackLanguage: 'en',
      languages: { en: { subject: 'News', body: 'Hello {{contact.firstName}}, here is our news.' } },
    });
    const campaign = await ulak.api.call('POST', '/api/campaigns', {
      name: 'News',
      conditions: { op: 'has_label', value: 'newsletter' },
      templateId: template.id,
      channelPolicy: { channelIds: [channel.id] },
      schedule: { mode: 'now' },
      throttlePerSecond: 10,
    });
    await ulak.api.call('POST', `/api/campaigns/${campaign.id}/start`);
  });

  afterAll(() => smtp?.close());

  it('opens the preference page from the link in the email and opts out of SMS only', async () => {
    const [mail] = await smtp.waitFor(1, 60_000);
    const link = /Unsubscribe or change your preferences: (\S+)/.exec(mail!.parsed.text ?? '')?.[1];
    expect(link).toMatch(new RegExp(`^${ulak.server.url}/u/`));

    const page = await ulak.browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Message preferences' }).waitFor();
    expect(await page.getByLabel('Email').isChecked()).toBe(true);
    expect(await page.getByLabel('SMS').isChecked()).toBe(true);
    await page.getByLabel('SMS').uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Your preferences have been saved.' }).waitFor();
    expect(await page.getByLabel('SMS').isChecked()).toBe(false);
    expect(await page.getByLabel('Email').isChecked()).toBe(true);
    expect(problems).toEqual([]);

    const { items } = await ulak.api.call('GET', '/api/contacts');
    const contact = await ulak.api.call('GET', `/api/contacts/${items[0].id}`);
    expect(contact.consents).toEqual([{ channel: 'sms', status: 'opted_out', source: 'link', at: expect.any(String) }]);
  });
});

// #12 item 7: every screen, dialog and open panel rendered in Turkish shows no English catalog message or word, no
// catalog key, no snake_case value and no raw id; and in English, nothing Turkish from the catalog.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { admin, hasChromium, shots } from './support/browser';
import { apiChannel, screenAt, signedInPage, useUlak, type Screen } from './support/use-ulak';
import { uiStrings, wrongLanguage, type Language } from './support/ui-strings';

/** Everything the test writes itself: customer names and words, channel, label, team and canned names. */
const seeded = [
  admin.name,
  admin.email,
  'Mağaza',
  'Selin Aydın',
  'selin@example.com',
  'Merhaba, faturamı göremiyorum. Sipariş 2026-88431',
  '+905321112233',
  'İade nasıl yapılır?',
  'Fatura hesabını kontrol et.',
  'vip',
  'Destek',
  'selam',
  'Merhaba {{contact.name}}, nasıl yardımcı olabilirim?',
  'Mert Pazarlama',
  'mert@example.com',
  'cust-7',
  'cust-8',
  'Doğum günü kutlaması',
  'Şikâyet yönetimi',
];

describe('the wrong-language check itself', () => {
  it('flags English messages and words, catalog keys, raw vocabulary values and ids in a Turkish UI', () => {
    const found = wrongLanguage(
      ['Gelen kutusu', 'Sign out', 'Kaydet', 'Undo merge', 'contacts.title', 'email', 'marketer', 'Kişi 9c2dd0ad-a6da-47a6-88fc-fb8a08cc1705', '4add3491 seç', 'Birthday greeting'],
      'tr',
      [],
    );
    expect(found.map((f) => f.text)).toEqual(['Sign out', 'Undo merge', 'contacts.title', 'email', 'marketer', 'Kişi 9c2dd0ad-a6da-47a6-88fc-fb8a08cc1705', '4add3491 seç', 'Birthday greeting']);
  });

  it('leaves seeded content, template variables, addresses, URLs, zones and currency codes alone', () => {
    const shown = [
      'Selin Aydın',
      'Merhaba, faturamı göremiyorum.',
      '{{contact.email}}',
      'contact.phone ekle',
      'support@example.com',
      'Gelen adresi: https://x.example/api/channels/9c2dd0ad-a6da-47a6-88fc-fb8a08cc1705/inbound',
      'Europe/Istanbul',
      'TRY',
      'Sipariş 7add',
      '14 May 2026 10:00',
      'Per 09:30',
    ];
    expect(wrongLanguage(shown, 'tr', ['Selin Aydın', 'Merhaba, faturamı göremiyorum.'])).toEqual([]);
  });

  it('flags Turkish messages in an English UI', () => {
    expect(wrongLanguage(['Inbox', 'Çıkış yap', 'Birleştirmeyi geri al'], 'en', []).map((f) => f.text)).toEqual(['Çıkış yap', 'Birleştirmeyi geri al']);
  });
});

describe.skipIf(!hasChromium)('no string left in the other language', () => {
  const ulak = useUlak();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Mağaza');
    await ulak.api.call('POST', '/api/labels', { name: 'vip', color: '#b45309' });
    await ulak.api.call('POST', '/api/teams', { name: 'Destek' });
    await ulak.api.call('POST', '/api/canned-responses', { shortCode: 'selam', content: 'Merhaba {{contact.name}}, nasıl yardımcı olabilirim?' });
    await ulak.api.call('POST', '/api/users', { email: 'mert@example.com', name: 'Mert Pazarlama', password: 'correct horse battery', roles: ['marketer'] });
    // Named as the Turkish preset cards name them (the web passes the card's title; AutomationState's test covers that).
    await ulak.api.call('POST', '/api/workflows/presets/birthday', { name: 'Doğum günü kutlaması' });
    await ulak.api.call('POST', '/api/workflows/presets/complaint', { name: 'Şikâyet yönetimi' });
    const first = await channel.inbound({ externalId: 'tr-1', from: { id: 'cust-7', name: 'Selin Aydın', email: 'selin@example.com' }, text: 'Merhaba, faturamı göremiyorum. Sipariş 2026-88431' });
    ids.conversation = first.conversationId;
    ids.contact = first.contactId;
    await channel.inbound({ externalId: 'tr-2', from: { id: 'cust-8', phone: '+905321112233' }, text: 'İade nasıl yapılır?' });
    await ulak.api.call('POST', `/api/conversations/${ids.conversation}/messages`, { text: 'Fatura hesabını kontrol et.', private: true });
  });

  /** Each screen, how to reach it, and what shows it has drawn (in either language). */
  const screens: Screen[] = [
    screenAt(ulak, ids, 'inbox', 'inbox/:conversation', (page) => page.locator('article', { hasText: 'faturamı göremiyorum' })),
    screenAt(ulak, ids, 'contacts', 'contacts/:contact', (page) => page.getByRole('heading', { level: 2, name: 'Selin Aydın' }), true),
    screenAt(ulak, ids, 'reports', 'reports', (page) => page.locator('canvas').first(), true),
    {
      name: 'workflows',
      open: async (page) => {
        await page.goto(`${ulak.server.url}/#/automation/workflows`);
        await page.locator('button.name').first().click();
        await page.locator('#wf-name').waitFor();
        await page.waitForLoadState('networkidle');
      },
    },
    screenAt(ulak, ids, 'campaigns', 'automation/campaigns', undefined, true),
    ...Object.entries({ channels: 'Mağaza', users: 'mert@example.com', teams: 'Destek', canned: 'selam', labels: 'vip', workspace: null }).map(([tab, shown]) =>
      screenAt(ulak, ids, `settings ${tab}`, `settings/${tab}`, shown ? (page) => page.getByRole('main').getByText(shown, { exact: true }).first() : undefined, true),
    ),
    {
      name: 'search, help and command dialogs',
      open: async (page) => {
        await page.goto(`${ulak.server.url}/#/inbox`);
        await page.locator('[data-conversation-id]').first().waitFor();
        await page.keyboard.press('/');
        await page.locator('#global-search').fill('Selin');
        await page.getByRole('dialog').locator('a').first().waitFor();
      },
    },
  ];

  for (const language of ['tr', 'en'] as Language[]) {
    describe(`in ${language === 'tr' ? 'Turkish' : 'English'}`, () => {
      let page: Page;
      beforeAll(async () => {
        await ulak.api.call('PATCH', '/api/me', { locale: language });
        // The sign-in form follows the browser's language; once signed in, the user's own locale decides.
        page = await signedInPage(ulak, { width: 1280, height: 800 });
        await page.locator('[data-conversation-id]').first().waitFor();
        await page.waitForFunction((lang) => document.documentElement.lang === lang, language);
      });
      afterAll(async () => page?.close());

      for (const screen of screens) {
        it(`shows nothing in the other language on ${screen.name}`, async () => {
          await screen.open(page);
          const strings = await uiStrings(page);
          if (screen.name.startsWith('search')) {
            await page.keyboard.press('Escape');
            await page.keyboard.press('?');
            await page.getByRole('dialog').waitFor();
            strings.push(...(await uiStrings(page)));
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+k');
            await page.getByRole('combobox').first().waitFor();
            strings.push(...(await uiStrings(page)));
            await page.keyboard.press('Escape');
          }
          const file = `${shots}i18n-${language}-${screen.name.replace(/\W+/g, '-')}`;
          await page.screenshot({ path: `${file}.png`, fullPage: true });
          // The same screen at phone width, so every screen is on record at both widths in both languages.
          await page.setViewportSize({ width: 390, height: 844 });
          await page.screenshot({ path: `${file}-phone.png`, fullPage: true });
          await page.setViewportSize({ width: 1280, height: 800 });
          // What was read, kept beside the screenshot so a finding can be traced to its screen.
          writeFileSync(`${file}.json`, JSON.stringify(strings, null, 1));
          expect(strings.length).toBeGreaterThan(10);
          // "Sent" is the IMAP folder's own name on the mail server, suggested as the email channel's Sent folder.
          expect(wrongLanguage(strings, language, [...seeded, 'Sent'])).toEqual([]);
        });
      }
    });
  }
});

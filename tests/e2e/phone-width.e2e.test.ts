// At phone width (390×844) nothing scrolls sideways: the workflow editor fits, the top menu reaches Settings, the thread header stays small (#12 item 12).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak, type SeededChannel } from './support/use-ulak';
import { sendOnlyChannelBody, startSmtpPeer, type SmtpPeer } from '../../connectors/email/testing/smtp-peer.ts';

/** The elements wider than the viewport's right edge, to say what overflows when the page does. */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && el.getClientRects().length > 0)
      .slice(0, 30)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}`),
  );

/**
 * What scrolls sideways besides a table's own box: the page, or a screen's scrolling area (which would carry the
 * whole screen sideways, headings and forms with it). Empty when only wide tables scroll, each inside its wrapper.
 */
const scrollingSideways = (page: Page) =>
  page.evaluate(() =>
    [document.documentElement, ...document.querySelectorAll('body *')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && (el === document.documentElement || ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)))
      .filter((el) => !(el.children.length === 1 && el.firstElementChild!.tagName === 'TABLE'))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth}px wide in ${el.clientWidth}px`),
  );

/** Boxes that scroll sideways but neither take focus nor hold anything focusable: a keyboard cannot scroll them. */
const keyboardStuck = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
      .filter((el) => el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'))
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
  );

/**
 * A box becomes a tab stop once the browser has laid it out and found it overflowing (a ResizeObserver, a frame after
 * its rows are drawn, later still when they arrive after the table): asked again until it settles, for up to 10 s.
 */
async function settledKeyboardStuck(page: Page) {
  let stuck = await keyboardStuck(page);
  for (let tries = 0; stuck.length > 0 && tries < 50; tries++) {
    await page.waitForTimeout(200);
    stuck = await keyboardStuck(page);
  }
  return stuck;
}

describe.skipIf(!hasChromium)('phone width in a real browser', () => {
  const ulak = useUlak();
  let page: Page;
  let conversationId: string;

  beforeAll(async () => {
    page = await signedInPage(ulak, { width: 390, height: 844 }, { phone: true });
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it("shows a new workspace's first steps on screen, beneath the empty list", async () => {
    const heading = page.getByRole('heading', { name: 'Connect your first channel' });
    await heading.waitFor();
    const link = (await page.getByRole('link', { name: 'Add a channel' }).boundingBox())!;
    expect(link.y + link.height, 'the first steps fit the first screen').toBeLessThanOrEqual(844);
    await page.screenshot({ path: `${shots}phone-first-steps.png` });
  });

  describe('with a conversation and a workflow', () => {
    let channel: SeededChannel;

    beforeAll(async () => {
      channel = await apiChannel(ulak, 'Shop API');
      ({ conversationId } = await channel.inbound({ externalId: 'p-1', from: { id: 'cust-1', name: 'Elif Şahin' }, text: 'Merhaba, siparişim hakkında.' }));
      await ulak.api.call('POST', '/api/workflows', {
        name: 'Doğum günü kutlaması ve indirim kuponu',
        trigger: { type: 'date_attribute', field: 'birthday' },
        actions: [{ id: 'greet', type: 'send_template', template: 'hi' }],
        templates: { hi: { fallbackLanguage: 'tr', languages: { tr: { body: 'İyi ki doğdun {{contact.firstName}}!' } } } },
      });
    });

    it('reaches every top menu item, Settings included, without the page scrolling sideways', async () => {
      const nav = page.getByRole('navigation', { name: 'Main' });
      const settings = nav.getByRole('link', { name: 'Settings' });
      const box = (await settings.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await settings.click();
      await page.getByLabel('Channel type').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), (await overflowing(page)).join('\n')).toBeLessThanOrEqual(390);
    });

    it('fits the workflow editor, with the Enabled switch on screen', async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Automation' }).click();
      const list = page.getByRole('list', { name: 'Workflows' });
      await list.getByRole('button', { name: /Doğum günü/ }).click();
      await page.getByRole('heading', { name: /^Edit “Doğum günü/ }).waitFor();
      await page.getByRole('region', { name: 'Live preview' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), (await overflowing(page)).join('\n')).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${shots}phone-workflow-editor.png`, fullPage: true });
      expect(await overflowing(page)).toEqual([]);
      const toggle = (await list.getByRole('checkbox').boundingBox())!;
      expect(toggle.x + toggle.width).toBeLessThanOrEqual(390);
    });

    it('keeps the thread header to a small part of the screen', async () => {
      await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
      await page.locator('article', { hasText: 'siparişim hakkında' }).waitFor();
      // The thread header and its details strip together, then everything above the first message with the app bar.
      const timeline = (await page.locator('.timeline').boundingBox())!;
      const header = (await page.locator('.thread-header').boundingBox())!;
      await page.screenshot({ path: `${shots}phone-thread-header.png` });
      expect(timeline.y - header.y, 'thread header height').toBeLessThanOrEqual(844 * 0.2);
      expect(timeline.y, `messages start ${timeline.y}px down`).toBeLessThanOrEqual(844 * 0.3);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), (await overflowing(page)).join('\n')).toBeLessThanOrEqual(390);
    });

    it('brings the profile into view when Profile is pressed, even when the profile loads slowly', async () => {
      // A thread of a dozen messages: the profile beneath it starts well over a screen down.
      for (let i = 1; i <= 12; i++) await channel.inbound({ externalId: `p-more-${i}`, from: { id: 'cust-1', name: 'Elif Şahin' }, text: `Kargo takip numarası ${i}?` });
      // The contact answers only after the click: a scroll made at the click would stop short of the profile drawn later.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/api\/contacts\/[^/?]+$/, async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
      await page.reload();
      await page.locator('article', { hasText: 'Kargo takip numarası 12?' }).waitFor();
      const toggle = page.getByRole('button', { name: 'Profile' });
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      release();
      const heading = page.getByRole('complementary', { name: 'Contact profile' }).getByRole('heading', { name: 'Elif Şahin' });
      await heading.waitFor();
      const whereIs = async () => {
        const box = (await heading.boundingBox())!;
        return box.y >= 0 && box.y + box.height <= 844 ? 'on screen' : `${Math.round(box.y)}px down`;
      };
      await expect.poll(whereIs).toBe('on screen');
      await page.unroute(/\/api\/contacts\/[^/?]+$/);
      await page.screenshot({ path: `${shots}phone-profile.png` });
    });
  });

  // Wide tables scroll inside their own box or reflow; the page itself never scrolls sideways.
  describe('with wide tables on other screens', () => {
    let smtp: SmtpPeer;

    beforeAll(async () => {
      smtp = await startSmtpPeer();
      await ulak.api.call('PATCH', '/api/workspace', { quietHours: { start: '00:00', end: '00:00' } });
      const news = await ulak.api.call('POST', '/api/channels', sendOnlyChannelBody(smtp));
      const rows = Array.from({ length: 6 }, (_, i) => ({ name: `Müşteri ${i}`, email: `musteri${i}@customer.example`, language: 'tr', labels: ['yaz'] }));
      await ulak.api.call('POST', '/api/contacts/import', { rows });
      const template = (body: string) => ulak.api.call('POST', '/api/templates', { name: body, fallbackLanguage: 'tr', languages: { tr: { body } } });
      const [a, b] = [await template('Yaz indirimi: yüzde 20.'), await template('Sadece bu hafta: her şeyde yüzde 20!')];
      const campaign = await ulak.api.call('POST', '/api/campaigns', {
        name: 'Yaz A/B',
        conditions: { op: 'has_label', value: 'yaz' },
        variants: [
          { key: 'A', templateId: a.id },
          { key: 'B', templateId: b.id },
        ],
        abTest: { metric: 'reply', testPercent: 50 },
        channelPolicy: { channelIds: [news.id] },
        schedule: { mode: 'now' },
      });
      await ulak.api.call('POST', `/api/campaigns/${campaign.id}/start`);

      const order = (externalId: string, email: string, name: string, placedAt: string, total: string) => ({ externalId, contact: { email, name }, placedAt, currency: 'TRY', total, items: [] });
      await ulak.api.call('POST', '/api/orders', {
        orders: [order('w-1', 'mehmet@example.com', 'Mehmet Öz', '2026-01-10T10:00:00Z', '80.00'), order('w-2', 'selin@example.com', 'Selin Aydın', '2026-02-10T10:00:00Z', '1250.00')],
      });

      await ulak.api.call('POST', '/api/webhooks', {
        url: 'https://crm.shop.example/hooks/ulak/conversations-and-messages',
        events: ['message.created', 'conversation.updated'],
        description: 'CRM senkronizasyonu',
      });
      const canned = await ulak.api.call('POST', '/api/canned-responses', { shortCode: 'kargo', content: 'Kargonuz yola çıktı, takip numarası yakında gelecek.' });
      await ulak.api.call('POST', '/api/macros', {
        name: 'Kargo bilgisi ver, etiketle ve çöz',
        actions: [{ type: 'reply', cannedResponseId: canned.id }, { type: 'label', add: ['kargo-bilgisi-verildi'] }, { type: 'resolve' }],
      });
      const shop = await apiChannel(ulak, 'Mağaza API');
      await shop.inbound({
        externalId: 'wide-1',
        from: { id: 'cust-wide', name: 'Zeynep Kaya' },
        text: 'Merhaba, geçen hafta verdiğim siparişin kargo takip numarasını hâlâ alamadım, yardımcı olabilir misiniz?',
      });
    });

    afterAll(() => smtp?.close());

    /** What scrolls sideways on `hash` once `drawn` has appeared, and what pokes past the screen's edge if anything does. */
    async function sidewaysOn(hash: string, drawn: () => Promise<void>) {
      await page.goto(`${ulak.server.url}/${hash}`);
      await drawn();
      return { scrolling: await scrollingSideways(page), why: (await overflowing(page)).join('\n'), stuck: await settledKeyboardStuck(page) };
    }

    it("fits an A/B campaign's variants table", async () => {
      const { scrolling, why, stuck } = await sidewaysOn('#/automation/campaigns', () => page.getByRole('region', { name: 'A/B test by Reply rate' }).getByRole('table').waitFor());
      expect(scrolling, why).toEqual([]);
      expect(stuck).toEqual([]);
    });

    it('fits the RFM grid on Analytics', async () => {
      // The workspace's scores are worked out a few seconds after the last order.
      await expect.poll(async () => (await ulak.api.call('GET', '/api/analytics/rfm')).contacts, { timeout: 90_000, interval: 1000 }).toBe(2);
      const { scrolling, why, stuck } = await sidewaysOn('#/analytics', () => page.getByRole('table', { name: 'Recency × frequency' }).waitFor());
      expect(scrolling, why).toEqual([]);
      expect(stuck).toEqual([]);
    });

    it('fits the webhooks table in Settings', async () => {
      const { scrolling, why, stuck } = await sidewaysOn('#/settings/webhooks', () => page.getByRole('cell', { name: 'https://crm.shop.example/hooks/ulak/conversations-and-messages' }).waitFor());
      expect(scrolling, why).toEqual([]);
      expect(stuck).toEqual([]);
    });

    it('fits the macros list in Settings', async () => {
      const { scrolling, why, stuck } = await sidewaysOn('#/settings/macros', () => page.getByText('Kargo bilgisi ver, etiketle ve çöz').waitFor());
      expect(scrolling, why).toEqual([]);
      expect(stuck).toEqual([]);
    });

    it('fits the contacts list, its last message column included', async () => {
      const { scrolling, why, stuck } = await sidewaysOn('#/contacts', () => page.getByRole('link', { name: 'Zeynep Kaya' }).waitFor());
      expect(scrolling, why).toEqual([]);
      expect(stuck).toEqual([]);
      await page.screenshot({ path: `${shots}phone-contacts.png` });
    });
  });
});

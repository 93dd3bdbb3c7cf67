// At phone width (390×844) nothing scrolls sideways: the workflow editor fits, the top menu reaches Settings, the thread header stays small (#12 item 12).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, shots } from './support/browser';
import { apiChannel, signedInPage, useUlak, type SeededChannel } from './support/use-ulak';

/** The elements wider than the viewport's right edge, to say what overflows when the page does. */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && el.getClientRects().length > 0)
      .slice(0, 30)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().right)}`),
  );

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
});

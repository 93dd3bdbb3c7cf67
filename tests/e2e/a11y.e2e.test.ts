// Accessibility audit in the real browser: axe-core on every main screen, at desktop and phone width.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium, shots, signIn } from './support/browser';
import { apiChannel, screenAt, signedInPage, useUlak, type Screen } from './support/use-ulak';
import { blockingViolations } from './support/axe';

const viewports = [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe.skipIf(!hasChromium)('accessibility of the main screens (axe-core)', () => {
  const ulak = useUlak();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Shop API');
    await ulak.api.call('POST', '/api/labels', { name: 'vip', color: '#b45309' });
    await ulak.api.call('POST', '/api/workflows/presets/birthday');
    await channel.inbound({ externalId: 'a11y-2', from: { id: 'cust-8', name: 'Selin A.', email: 'selin.a@example.com' }, text: 'Aynı kişiyim.' });
    await channel.inbound({ externalId: 'a11y-1', from: { id: 'cust-7', name: 'Selin Aydın', email: 'selin@example.com' }, text: 'Merhaba, faturamı göremiyorum.' });
    const { items } = await ulak.api.call('GET', '/api/conversations');
    ids.conversation = items[0].id;
    ids.contact = items[0].contact.id;
    await ulak.api.call('POST', `/api/conversations/${ids.conversation}/messages`, { text: 'Internal: check billing account.', private: true });
  });

  /** Each main screen: where it lives and what shows it has finished drawing. */
  const screens: Screen[] = [
    screenAt(ulak, ids, 'inbox', 'inbox/:conversation', (page) => page.locator('article', { hasText: 'faturamı göremiyorum' })),
    screenAt(ulak, ids, 'contacts', 'contacts', (page) => page.getByRole('link', { name: 'Selin Aydın' })),
    screenAt(ulak, ids, 'profile', 'contacts/:contact', (page) => page.getByRole('complementary', { name: 'Contact profile' }).getByRole('heading', { name: 'Selin Aydın' })),
    screenAt(ulak, ids, 'settings', 'settings/channels', (page) => page.getByText('Shop API').first()),
    screenAt(ulak, ids, 'automation', 'automation/workflows', (page) => page.getByRole('heading', { name: 'Automation' }), true),
    screenAt(ulak, ids, 'reports', 'reports', (page) => page.locator('canvas').first()),
  ];

  for (const viewport of viewports) {
    describe(`at ${viewport.width}×${viewport.height}`, () => {
      let page: Page;
      beforeAll(async () => {
        page = await ulak.browser.newPage({ viewport, locale: 'en-GB' });
      });
      afterAll(async () => page?.close());

      it('has no serious or critical violations on the sign-in screen', async () => {
        await page.goto(ulak.server.url);
        await page.getByLabel('Email').waitFor();
        expect(await blockingViolations(page)).toEqual([]);
        await signIn(page, ulak.server.url);
        await page.getByLabel('Password').waitFor({ state: 'detached' });
      });

      for (const screen of screens) {
        it(`has no serious or critical violations on ${screen.name}`, async () => {
          await screen.open(page);
          await page.screenshot({ path: `${shots}a11y-${screen.name}-${viewport.name}.png`, fullPage: true });
          expect(await blockingViolations(page)).toEqual([]);
          // Reflow (WCAG 1.4.10): nothing makes the page itself scroll sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        });
      }
    });
  }

  describe('interactive states at 1280×720', () => {
    let page: Page;
    beforeAll(async () => {
      page = await signedInPage(ulak, { width: 1280, height: 720 }, { inbox: true });
    });
    afterAll(async () => page?.close());

    it('has no serious or critical violations in the search, help and command dialogs', async () => {
      await page.keyboard.press('/');
      await page.getByRole('searchbox', { name: 'Search contacts and messages' }).fill('Selin');
      await page.getByRole('dialog').getByRole('link', { name: 'Selin Aydın' }).first().waitFor();
      expect(await blockingViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      expect(await blockingViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+k');
      await page.getByRole('combobox', { name: 'Type a command or search…' }).waitFor();
      expect(await blockingViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });

    it('has no serious or critical violations with the merge search open, and merges by keyboard alone', async () => {
      await page.goto(`${ulak.server.url}/#/contacts/${ids.contact}`);
      const panel = page.getByRole('complementary', { name: 'Contact profile' });
      await panel.getByText('Merge another contact into this one').click();
      const combo = panel.getByRole('combobox', { name: /Find the contact to merge in/ });
      await combo.fill('Selin');
      await panel.getByRole('option', { name: /Selin A\./ }).waitFor();
      await combo.press('ArrowDown');
      expect(await combo.getAttribute('aria-activedescendant')).toMatch(/^merge-option-/);
      expect(await blockingViolations(page)).toEqual([]);
      await page.screenshot({ path: `${shots}merge-combobox.png` });
      await combo.press('Enter');
      await panel.getByText('After merging: 4 identities, 2 conversations.').waitFor();
      await panel.getByRole('button', { name: 'Merge now' }).press('Enter');
      await panel.getByRole('button', { name: 'Merge now' }).waitFor({ state: 'detached' });
      await panel.getByRole('region', { name: 'Identities' }).getByText('selin.a@example.com').waitFor();
    });

    it('shows where the keyboard focus is on every stop while tabbing through the inbox', async () => {
      await page.goto(`${ulak.server.url}/#/inbox/${ids.conversation}`);
      await page.locator('article', { hasText: 'faturamı göremiyorum' }).waitFor();
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      const invisible: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const stop = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          const name = el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30) || el.getAttribute('placeholder') || el.id;
          return {
            what: `${el.tagName.toLowerCase()}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''}.${el.className} "${name}" (outline ${style.outlineStyle} ${style.outlineWidth})`,
            ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
            onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
          };
        });
        if (!stop) continue;
        seen.add(stop.what);
        if (!stop.ring || !stop.onScreen) invisible.push(`${stop.what} ring=${stop.ring} onScreen=${stop.onScreen}`);
      }
      expect(seen.size).toBeGreaterThan(15);
      expect(invisible).toEqual([]);
    });
  });
});

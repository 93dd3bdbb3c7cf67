// Typing in the search dialog and the command palette never changes the open conversation (#12 item 1).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blur, hasChromium } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('shortcuts and dialogs in a real browser', () => {
  const ulak = useUlak();
  let page: Page;
  let conversationId: string;

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Shop API');
    ({ conversationId } = await channel.inbound({ externalId: 'kupon-1', from: { id: 'cust-7', name: 'Selin Ak' }, text: 'Kupon kodum çalışmıyor.' }));
    page = await signedInPage(ulak, { width: 1280, height: 800 });
    await page.goto(`${ulak.server.url}/#/inbox/${conversationId}`);
    await page.locator('article', { hasText: 'Kupon kodum çalışmıyor.' }).waitFor();
  });

  async function conversationNow() {
    const conversation = await ulak.api.call('GET', `/api/conversations/${conversationId}`);
    const messages = await ulak.api.call('GET', `/api/conversations/${conversationId}/messages`);
    return { status: conversation.status, assignee: conversation.assignee, notes: messages.items.filter((m: { private: boolean }) => m.private).length };
  }

  it('types into the search dialog and the palette without touching the conversation', async () => {
    const before = await conversationNow();
    expect(before).toEqual({ status: 'open', assignee: null, notes: 0 });

    for (const text of ['kupon ekle', 'istanbul']) {
      await blur(page);
      await page.keyboard.press('/');
      const search = page.getByRole('searchbox', { name: 'Search contacts and messages' });
      await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(text);
      expect(await search.inputValue()).toBe(text);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });

      await blur(page);
      await page.keyboard.press('Control+k');
      const palette = page.getByRole('combobox', { name: 'Type a command or search…' });
      await expect.poll(() => palette.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.keyboard.type(text);
      expect(await palette.inputValue()).toBe(text);
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }

    // The help dialog has no field: what is typed while it is open, spaces included, neither closes it nor reaches the inbox.
    await blur(page);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.type('kupon ekle istanbul');
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(1);
    await page.keyboard.press('Escape');

    expect(await conversationNow()).toEqual(before);
    expect(page.url()).toBe(`${ulak.server.url}/#/inbox/${conversationId}`);
    expect(await page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('');
  });

  it("gives focus back to the open conversation's row, not the page, when the help dialog or the palette closes", async () => {
    const focused = () => page.evaluate(() => (document.activeElement === document.body ? 'body' : (document.activeElement?.getAttribute('data-conversation-id') ?? document.activeElement?.tagName)));
    await blur(page);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(focused).toBe(conversationId);

    await blur(page);
    await page.keyboard.press('Control+k');
    await page.getByRole('combobox', { name: 'Type a command or search…' }).fill('assign');
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'Me', exact: true }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await ulak.api.call('GET', `/api/conversations/${conversationId}`)).assignee?.name).toBe('Ada Admin');
    await expect.poll(focused).toBe(conversationId);
  });
});

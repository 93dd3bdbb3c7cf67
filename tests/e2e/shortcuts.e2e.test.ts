// Typing in the search dialog and the command palette never changes the open conversation (#12 item 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { admin, blur, buildWeb, hasChromium, launchChromium, root, signIn } from './support/browser';
import { startUlak, type UlakServer } from './support/ulak-server';
import { ApiSession, postSignedInbound } from './support/api-session';

beforeAll(() => {
  if (hasChromium) buildWeb();
});

describe.skipIf(!hasChromium)('shortcuts and dialogs in a real browser', () => {
  let server: UlakServer;
  let browser: Browser;
  let page: Page;
  let api: ApiSession;
  let conversationId: string;

  beforeAll(async () => {
    server = await startUlak(root);
    api = new ApiSession(server.url);
    await api.call('POST', '/api/setup', admin);
    const channel = await api.call('POST', '/api/channels', { kind: 'api', name: 'Shop API', config: {} });
    ({ conversationId } = await postSignedInbound(server.url, channel.id, channel.secret, {
      externalId: 'kupon-1',
      from: { id: 'cust-7', name: 'Selin Ak' },
      text: 'Kupon kodum çalışmıyor.',
    }));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.goto(`${server.url}/#/inbox/${conversationId}`);
    await page.locator('article', { hasText: 'Kupon kodum çalışmıyor.' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function conversationNow() {
    const conversation = await api.call('GET', `/api/conversations/${conversationId}`);
    const messages = await api.call('GET', `/api/conversations/${conversationId}/messages`);
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
    expect(page.url()).toBe(`${server.url}/#/inbox/${conversationId}`);
    expect(await page.getByRole('textbox', { name: 'Reply' }).inputValue()).toBe('');
  });
});

// A long inbox end to end: 130 real conversations, a virtualized list, keyset pages fetched while scrolling.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { admin, buildWeb, hasChromium, launchChromium, root, signIn } from './support/browser';
import { startUlak, type UlakServer } from './support/ulak-server';
import { ApiSession, postSignedInbound } from './support/api-session';

beforeAll(() => {
  if (hasChromium) buildWeb();
});

describe.skipIf(!hasChromium)('a long inbox in a real browser', () => {
  let server: UlakServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startUlak(root);
    const api = new ApiSession(server.url);
    await api.call('POST', '/api/setup', admin);
    const channel = await api.call('POST', '/api/channels', { kind: 'api', name: 'Bulk', config: {} });
    for (let i = 0; i < 130; i++) {
      await postSignedInbound(server.url, channel.id, channel.secret, { externalId: `bulk-${i}`, from: { id: `c-${i}`, name: `Customer ${String(i).padStart(3, '0')}` }, text: `Message ${i}` });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('renders a window of rows and loads older pages by keyset as the list is scrolled', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'en-GB' });
    await signIn(page, server.url);
    await page.locator('[data-conversation-id]', { hasText: 'Customer 129' }).waitFor();
    const rendered = await page.locator('[data-conversation-id]').count();
    expect(rendered).toBeLessThan(40);
    const list = page.getByRole('list', { name: 'Conversations' });
    for (let i = 0; i < 10; i++) {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      if (await page.locator('[data-conversation-id]', { hasText: 'Customer 000' }).count()) break;
      await page.waitForTimeout(300);
    }
    await page.locator('[data-conversation-id]', { hasText: 'Customer 000' }).waitFor();
    const height = await list.evaluate((el) => (el.firstElementChild as HTMLElement).style.height);
    expect(height).toBe(`${130 * 78}px`);
  });
});

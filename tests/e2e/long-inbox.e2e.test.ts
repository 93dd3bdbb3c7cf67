// A long inbox end to end: 130 real conversations, a virtualized list, keyset pages fetched while scrolling.
import { beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from './support/browser';
import { apiChannel, signedInPage, useUlak } from './support/use-ulak';

describe.skipIf(!hasChromium)('a long inbox in a real browser', () => {
  const ulak = useUlak();

  beforeAll(async () => {
    const channel = await apiChannel(ulak, 'Bulk');
    for (let i = 0; i < 130; i++) {
      await channel.inbound({ externalId: `bulk-${i}`, from: { id: `c-${i}`, name: `Customer ${String(i).padStart(3, '0')}` }, text: `Message ${i}` });
    }
  });

  it('renders a window of rows and loads older pages by keyset as the list is scrolled', async () => {
    const page = await signedInPage(ulak, { width: 1280, height: 720 });
    await page.locator('[data-conversation-id]', { hasText: 'Customer 129' }).waitFor();
    const rendered = await page.locator('[data-conversation-id]').count();
    expect(rendered).toBeLessThan(40);
    const list = page.getByRole('list', { name: 'Conversations' });
    const oldest = page.locator('[data-conversation-id]', { hasText: 'Customer 000' });
    // Scrolled to the end again whenever a page has arrived, until the oldest conversation is drawn.
    await expect
      .poll(
        async () => {
          await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
          return oldest.count();
        },
        { timeout: 60_000, interval: 300 },
      )
      .toBe(1);
    const height = await list.evaluate((el) => (el.firstElementChild as HTMLElement).style.height);
    expect(height).toBe(`${130 * 78}px`);
  });
});
